// The report's fingerprint of its input: FIPS 180-4's own vectors, and node:crypto's digest of texts of every
// padding length around a block, of non-ASCII text (hashed as UTF-8), and past the size at which node:crypto
// takes over.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../src/sha256.js'

const native = (text: string) => createHash('sha256').update(text).digest('hex')

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('the FIPS 180-4 vector %j', (text, digest) => expect(sha256Hex(text)).toBe(digest))

  it.each([...Array(140).keys()])('%i bytes, as node:crypto', (length) => {
    const text = 'x'.repeat(length)
    expect(sha256Hex(text)).toBe(native(text))
  })

  it.each([
    ['non-ASCII text, hashed as UTF-8', 'markets:\n  BTC€USDT: { ä: "ⓈⓂ" } # 😀\n'],
    ['a portfolio of about 64 KiB, either side of the switch', 'a: 1\n'.repeat(13107)],
    ['a portfolio past 64 KiB', 'a: 1\n'.repeat(13108)],
    ['a megabyte', 'positions: [1, 2, 3]\n'.repeat(50_000)],
  ])('%s', (_, text) => expect(sha256Hex(text)).toBe(native(text)))
})
