// The offline stand-ins in tests/_std must offer exactly what the tests take
// from @std/assert and @std/testing: a missing one breaks the offline run, and
// an unused one is code nobody checks.
import { assertEquals } from "@std/assert";

const STAND_INS: Record<string, string> = {
  "@std/assert": "tests/_std/assert.ts",
  "@std/testing/mock": "tests/_std/testing/mock.ts",
};
const IMPORT_REGEXP = /import\s*\{([^}]*)\}\s*from\s*"(@std\/[^"]+)"/g;
const EXPORT_REGEXP =
  /export\s+(?:async\s+)?(?:function|interface|type)\s+(\w+)/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && entry.name !== "_std") {
      files.push(...await sourceFiles(path));
    } else if (entry.isFile && /\.(ts|md)$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

Deno.test("the std stand-ins export exactly the names the tests and docs import", async () => {
  const imported = new Map<string, Set<string>>();
  const files = [
    ...await sourceFiles("tests"),
    ...await sourceFiles("src"),
    "README.md",
    "mod.ts",
    "testing.ts",
  ];
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    for (const [, names = "", specifier = ""] of text.matchAll(IMPORT_REGEXP)) {
      const set = imported.get(specifier) ?? new Set<string>();
      for (const name of names.split(",")) {
        const bare = name.replace(/\btype\b/, "").trim();
        if (bare !== "") set.add(bare);
      }
      imported.set(specifier, set);
    }
  }

  for (const specifier of imported.keys()) {
    assertEquals(
      specifier in STAND_INS,
      true,
      `${specifier} is imported but has no stand-in`,
    );
  }
  for (const [specifier, path] of Object.entries(STAND_INS)) {
    const text = await Deno.readTextFile(path);
    // Type exports (capitalised) support the functions; only values count.
    const values = [...text.matchAll(EXPORT_REGEXP)]
      .map(([, name = ""]) => name)
      .filter((name) => !/^[A-Z]/.test(name));
    const used = imported.get(specifier) ?? new Set<string>();
    assertEquals(
      values.sort(),
      [...used].sort(),
      `${path} must export exactly what is imported from ${specifier}`,
    );
  }
});
