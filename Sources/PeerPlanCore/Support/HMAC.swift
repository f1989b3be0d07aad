/// HMAC-SHA256 (RFC 2104), for pseudonyms that are stable within a district but cannot be
/// recomputed from teacher ids without the district's key.
package enum HMACSHA256 {
    package static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var key = key
        if key.count > 64 {
            var h = SHA256()
            h.update(key)
            key = h.finalize()
        }
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        inner.update(key.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(key.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    package static func hex(key: [UInt8], message: String) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in mac(key: key, message: Array(message.utf8)) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
