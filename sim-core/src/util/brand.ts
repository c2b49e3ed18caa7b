/**
 * Branded primitive types: addresses and ids are parsed once at the edge (the shell, a lab
 * file, a share link) and carried as these types inside the simulator.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** An IPv4 address as an unsigned 32-bit integer in host order (10.0.0.1 = 0x0a000001). */
export type Ip4 = Brand<number, "Ip4">;
/** A MAC address in Linux's canonical text form: six lower-case, zero-padded hex pairs. */
export type Mac = Brand<string, "Mac">;
/** An IPv6 address as 16 bytes. */
export type Ip6 = Brand<Uint8Array, "Ip6">;
