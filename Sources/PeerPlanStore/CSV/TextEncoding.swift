/// The character encoding of an input file. Files are UTF-8 (with or without a byte-order mark)
/// unless the district says otherwise; Windows-1252 and Latin-1 are converted while reading.
public enum TextEncoding: String, CaseIterable, Sendable, Codable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1

    /// Accepts the usual spellings: `utf8`, `cp1252`, `iso-8859-1`, …
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "windows1252", "cp1252", "win-1252": self = .windows1252
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        default: return nil
        }
    }

    public var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .windows1252: return "Windows-1252"
        case .latin1: return "Latin-1"
        }
    }

    /// Windows-1252's 0x80–0x9F (the bytes where it differs from Latin-1), as the WHATWG
    /// Encoding Standard maps them (its five unassigned bytes map to the C1 controls).
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Converts single-byte text to UTF-8 into `output` (grown as needed); returns the byte count.
    func transcode(_ input: ArraySlice<UInt8>, into output: inout [UInt8]) -> Int {
        if output.count < input.count * 3 { output = [UInt8](repeating: 0, count: input.count * 3) }
        return output.withUnsafeMutableBufferPointer { out in
            var n = 0
            for byte in input {
                var scalar = UInt32(byte)
                if byte < 0x80 {
                    out[n] = byte
                    n += 1
                    continue
                }
                if self == .windows1252, byte < 0xA0 { scalar = UInt32(Self.windows1252High[Int(byte - 0x80)]) }
                if scalar < 0x800 {
                    out[n] = UInt8(0xC0 | (scalar >> 6))
                    out[n + 1] = UInt8(0x80 | (scalar & 0x3F))
                    n += 2
                } else {
                    out[n] = UInt8(0xE0 | (scalar >> 12))
                    out[n + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[n + 2] = UInt8(0x80 | (scalar & 0x3F))
                    n += 3
                }
            }
            return n
        }
    }
}
