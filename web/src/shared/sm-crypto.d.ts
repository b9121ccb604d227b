// The few functions of the npm package sm-crypto (GB/T 32905 SM3, GB/T 32918 SM2) that
// ledgerProof.ts uses (verification), and its tests (signing with throw-away keys). The package
// ships no types; @types/sm-crypto describes an older API.
declare module 'sm-crypto' {
  interface VerifyOptions {
    /** The signature is DER SEQUENCE { INTEGER r, INTEGER s } (hex). */
    der?: boolean
    /** Hash ZA || message with SM3 first (the standard SM2 signature). */
    hash?: boolean
    /** The distinguishing identifier in ZA; default 1234567812345678. */
    userId?: string
  }
  interface Sm2 {
    /** True when the hex point (04 || x || y) lies on sm2p256v1 and is not the point at infinity. */
    verifyPublicKey(publicKey: string): boolean
    /** publicKey: hex of the uncompressed point 04 || x || y. */
    doVerifySignature(msg: string | Uint8Array | number[], signHex: string, publicKey: string, options?: VerifyOptions): boolean
    /** A signature (hex; DER when options.der) with the private key (64 hex digits). */
    doSignature(msg: string | Uint8Array | number[], privateKey: string, options?: VerifyOptions & { publicKey?: string }): string
    /** A fresh key pair: privateKey 64 hex digits, publicKey 04 || x || y in hex. */
    generateKeyPairHex(): { privateKey: string; publicKey: string }
  }
  /** SM3 digest as lower-case hex. A string input is hashed as UTF-8. */
  type Sm3 = (input: string | Uint8Array | number[]) => string
  const smCrypto: { sm2: Sm2; sm3: Sm3 }
  export default smCrypto
}
