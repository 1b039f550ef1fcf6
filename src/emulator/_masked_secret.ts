/**
 * A secret held only until it is hashed, masked with a random pad so that
 * its clear text is never stored.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A string XOR-ed with a one-time pad of random bytes. */
export class MaskedSecret {
  #masked: Uint8Array;
  #pad: Uint8Array;

  /**
   * Masks a secret.
   *
   * @param secret The secret in clear.
   */
  constructor(secret: string) {
    const bytes = encoder.encode(secret);
    this.#pad = crypto.getRandomValues(new Uint8Array(bytes.length));
    this.#masked = bytes.map((byte, i) => byte ^ (this.#pad[i] ?? 0));
  }

  /**
   * The secret in clear, for the moment it takes to hash it.
   *
   * @returns The secret.
   */
  reveal(): string {
    return decoder.decode(
      this.#masked.map((byte, i) => byte ^ (this.#pad[i] ?? 0)),
    );
  }
}
