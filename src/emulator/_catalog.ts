/**
 * Privilege names, object types and privilege groups as each Milvus release
 * line defines them.
 *
 * @module
 */

/** A Milvus release line the emulator can imitate. */
export type MilvusVersion = "2.4" | "2.5" | "2.6";

/** The object types a grant can name. */
export const OBJECT_TYPES: readonly string[] = ["Collection", "Global", "User"];

// The order is the order of the protobuf enum; 2.4 and 2.5 share it.
const PRIVILEGES_24: readonly string[] = [
  "All",
  "CreateCollection",
  "DropCollection",
  "DescribeCollection",
  "ShowCollections",
  "Load",
  "Release",
  "Compaction",
  "Insert",
  "Delete",
  "GetStatistics",
  "CreateIndex",
  "IndexDetail",
  "DropIndex",
  "Search",
  "Flush",
  "Query",
  "LoadBalance",
  "Import",
  "CreateOwnership",
  "UpdateUser",
  "DropOwnership",
  "SelectOwnership",
  "ManageOwnership",
  "SelectUser",
  "Upsert",
  "CreateResourceGroup",
  "DropResourceGroup",
  "DescribeResourceGroup",
  "ListResourceGroups",
  "TransferNode",
  "TransferReplica",
  "GetLoadingProgress",
  "GetLoadState",
  "RenameCollection",
  "CreateDatabase",
  "DropDatabase",
  "ListDatabases",
  "FlushAll",
  "CreatePartition",
  "DropPartition",
  "ShowPartitions",
  "HasPartition",
  "GetFlushState",
  "CreateAlias",
  "DropAlias",
  "DescribeAlias",
  "ListAliases",
  "UpdateResourceGroups",
  "AlterDatabase",
  "DescribeDatabase",
  "BackupRBAC",
  "RestoreRBAC",
  "ReadOnly",
  "ReadWrite",
  "Admin",
  "CreatePrivilegeGroup",
  "DropPrivilegeGroup",
  "ListPrivilegeGroups",
  "OperatePrivilegeGroup",
  "ClusterReadOnly",
  "ClusterReadWrite",
  "ClusterAdmin",
  "DatabaseReadOnly",
  "DatabaseReadWrite",
  "DatabaseAdmin",
  "CollectionReadOnly",
  "CollectionReadWrite",
  "CollectionAdmin",
];

const PRIVILEGES_26_EXTRA: readonly string[] = [
  "GetImportProgress",
  "ListImport",
  "AddCollectionField",
  "AddFileResource",
  "RemoveFileResource",
  "ListFileResources",
  "UpdateReplicateConfiguration",
  "GetReplicateConfiguration",
];

const COLLECTION_24: readonly string[] = [
  "Load",
  "Release",
  "Compaction",
  "Insert",
  "Delete",
  "Upsert",
  "GetStatistics",
  "CreateIndex",
  "IndexDetail",
  "DropIndex",
  "Search",
  "Flush",
  "Query",
  "LoadBalance",
  "Import",
  "GetLoadingProgress",
  "GetLoadState",
  "CreatePartition",
  "DropPartition",
  "ShowPartitions",
  "HasPartition",
  "GetFlushState",
  "ReadOnly",
  "ReadWrite",
];

const GLOBAL_24: readonly string[] = [
  "All",
  "CreateCollection",
  "DropCollection",
  "DescribeCollection",
  "ShowCollections",
  "RenameCollection",
  "CreateOwnership",
  "DropOwnership",
  "SelectOwnership",
  "ManageOwnership",
  "BackupRBAC",
  "RestoreRBAC",
  "CreateResourceGroup",
  "UpdateResourceGroups",
  "DropResourceGroup",
  "DescribeResourceGroup",
  "ListResourceGroups",
  "TransferReplica",
  "TransferNode",
  "FlushAll",
  "CreateDatabase",
  "DropDatabase",
  "ListDatabases",
  "AlterDatabase",
  "DescribeDatabase",
  "CreateAlias",
  "DropAlias",
  "DescribeAlias",
  "ListAliases",
  "Admin",
  "CreatePrivilegeGroup",
  "DropPrivilegeGroup",
  "ListPrivilegeGroups",
  "OperatePrivilegeGroup",
];

const USER_PRIVILEGES: readonly string[] = ["UpdateUser", "SelectUser"];

/** The nine built-in privilege groups, in the order Milvus lists them. */
export const BUILT_IN_GROUP_NAMES: readonly string[] = [
  "ClusterReadOnly",
  "ClusterReadWrite",
  "ClusterAdmin",
  "DatabaseReadOnly",
  "DatabaseReadWrite",
  "DatabaseAdmin",
  "CollectionReadOnly",
  "CollectionReadWrite",
  "CollectionAdmin",
];

/** The groups of the first grant API, which it grants by name. */
export const LEGACY_GROUP_NAMES: readonly string[] = [
  "ReadOnly",
  "ReadWrite",
  "Admin",
];

/** Granting or revoking these also grants or revokes their companions. */
export const RELATED_PRIVILEGES: ReadonlyMap<string, readonly string[]> =
  new Map([
    ["Load", ["GetLoadState", "GetLoadingProgress"]],
    ["Flush", ["GetFlushState"]],
  ]);

/** A privilege's scope, used to check where a group may be granted. */
export type PrivilegeLevel = "Cluster" | "Database" | "Collection" | "";

/** Everything one release line defines. */
export interface Catalog {
  /** Every name the privilege enum defines, in API form. */
  readonly defined: ReadonlySet<string>;
  /** The names the first grant API accepts for each object type. */
  readonly byObjectType: ReadonlyMap<string, ReadonlySet<string>>;
  /** Built-in group name to its members. */
  readonly builtInGroups: ReadonlyMap<string, readonly string[]>;
  /** ReadOnly, ReadWrite and Admin to their members. */
  readonly legacyGroups: ReadonlyMap<string, readonly string[]>;
  /** The level of a single privilege. */
  levelOf(privilege: string): PrivilegeLevel;
}

function clusterGroups(v26: boolean): string[][] {
  const readOnly = [
    "ListDatabases",
    "SelectOwnership",
    "SelectUser",
    "DescribeResourceGroup",
    "ListResourceGroups",
    "ListPrivilegeGroups",
    ...(v26 ? ["GetReplicateConfiguration"] : []),
  ];
  const readWrite = [
    ...readOnly,
    "FlushAll",
    "TransferNode",
    "TransferReplica",
    "UpdateResourceGroups",
  ];
  const admin = [
    ...readWrite,
    "BackupRBAC",
    "RestoreRBAC",
    "CreateDatabase",
    "DropDatabase",
    "CreateOwnership",
    "DropOwnership",
    "ManageOwnership",
    "CreateResourceGroup",
    "DropResourceGroup",
    "UpdateUser",
    "RenameCollection",
    "CreatePrivilegeGroup",
    "DropPrivilegeGroup",
    "OperatePrivilegeGroup",
    ...(v26 ? ["UpdateReplicateConfiguration"] : []),
  ];
  return [readOnly, readWrite, admin];
}

function databaseGroups(): string[][] {
  const readOnly = ["ShowCollections", "DescribeDatabase"];
  const readWrite = [...readOnly, "AlterDatabase"];
  const admin = [...readWrite, "CreateCollection", "DropCollection"];
  return [readOnly, readWrite, admin];
}

function collectionGroups(v26: boolean): string[][] {
  const readOnly = [
    "Query",
    "Search",
    "IndexDetail",
    "GetFlushState",
    "GetLoadState",
    "GetLoadingProgress",
    "HasPartition",
    "ShowPartitions",
    "DescribeCollection",
    "DescribeAlias",
    "GetStatistics",
    "ListAliases",
    ...(v26 ? ["GetImportProgress", "ListImport"] : []),
  ];
  const readWrite = [
    ...readOnly,
    "Load",
    "Release",
    "Insert",
    "Delete",
    "Upsert",
    "Import",
    "Flush",
    "Compaction",
    "LoadBalance",
    "CreateIndex",
    "DropIndex",
    "CreatePartition",
    "DropPartition",
    ...(v26 ? ["AddCollectionField"] : []),
  ];
  const admin = [...readWrite, "CreateAlias", "DropAlias"];
  return [readOnly, readWrite, admin];
}

function legacyGroups(v26: boolean): Map<string, readonly string[]> {
  const readOnly = [
    "Query",
    "Search",
    "IndexDetail",
    "GetFlushState",
    "GetLoadState",
    "GetLoadingProgress",
    "HasPartition",
    "ShowPartitions",
    "ShowCollections",
    "ListAliases",
    "ListDatabases",
    "DescribeCollection",
    "DescribeDatabase",
    "DescribeAlias",
    "GetStatistics",
  ];
  const readWrite = [
    ...readOnly,
    "CreateIndex",
    "DropIndex",
    "CreatePartition",
    "DropPartition",
    "Load",
    "Release",
    "Insert",
    "Delete",
    "Upsert",
    "Import",
    "Flush",
    "Compaction",
    "LoadBalance",
    "RenameCollection",
    "CreateAlias",
    "DropAlias",
  ];
  const admin = [
    "CreateCollection",
    "DropCollection",
    ...readWrite,
    "CreateOwnership",
    "DropOwnership",
    "SelectOwnership",
    "ManageOwnership",
    "SelectUser",
    "UpdateUser",
    "BackupRBAC",
    "RestoreRBAC",
    "CreateResourceGroup",
    "UpdateResourceGroups",
    "DropResourceGroup",
    "DescribeResourceGroup",
    "ListResourceGroups",
    "TransferReplica",
    "TransferNode",
    "CreateDatabase",
    "DropDatabase",
    "AlterDatabase",
    ...(v26 ? ["UpdateReplicateConfiguration"] : []),
  ];
  return new Map([
    ["ReadOnly", readOnly],
    ["ReadWrite", readWrite],
    ["Admin", admin],
  ]);
}

function buildCatalog(version: MilvusVersion): Catalog {
  const v26 = version === "2.6";
  const defined = new Set([
    ...PRIVILEGES_24,
    ...(v26 ? PRIVILEGES_26_EXTRA : []),
  ]);

  const collection = new Set([
    ...COLLECTION_24,
    ...(v26 ? ["GetImportProgress", "ListImport", "AddCollectionField"] : []),
  ]);
  const global = new Set([
    ...GLOBAL_24,
    ...(v26 ? ["UpdateReplicateConfiguration"] : []),
  ]);
  const byObjectType = new Map<string, ReadonlySet<string>>([
    ["Collection", collection],
    ["Global", global],
    ["User", new Set(USER_PRIVILEGES)],
  ]);

  const members = [
    ...clusterGroups(v26),
    ...databaseGroups(),
    ...collectionGroups(v26),
  ];
  const builtInGroups = new Map<string, readonly string[]>(
    BUILT_IN_GROUP_NAMES.map((name, i) => [name, members[i] ?? []]),
  );

  // A level is the membership of the widest group at that level, checked
  // from the cluster down.
  const levels: [PrivilegeLevel, ReadonlySet<string>][] = [
    ["Cluster", new Set(builtInGroups.get("ClusterAdmin"))],
    ["Database", new Set(builtInGroups.get("DatabaseAdmin"))],
    ["Collection", new Set(builtInGroups.get("CollectionAdmin"))],
  ];
  function levelOf(privilege: string): PrivilegeLevel {
    for (const [level, names] of levels) {
      if (names.has(privilege)) return level;
    }
    return "";
  }

  return {
    defined,
    byObjectType,
    builtInGroups,
    legacyGroups: legacyGroups(v26),
    levelOf,
  };
}

const catalogs = new Map<MilvusVersion, Catalog>();

/**
 * The catalog of one release line, built once.
 *
 * @param version The release line.
 * @returns Its privilege names and groups.
 */
export function catalogFor(version: MilvusVersion): Catalog {
  let catalog = catalogs.get(version);
  if (catalog === undefined) {
    catalog = buildCatalog(version);
    catalogs.set(version, catalog);
  }
  return catalog;
}

/**
 * The name Milvus stores a privilege under, which decides the order of a
 * role's grants.
 *
 * @param privilege The API name, `*` or a group name.
 * @param isGroup Whether the name is a built-in or custom group.
 * @returns The stored name.
 */
export function storedPrivilegeName(
  privilege: string,
  isGroup: boolean,
): string {
  if (privilege === "*") return "*";
  return (isGroup ? "PrivilegeGroup" : "Privilege") + privilege;
}
