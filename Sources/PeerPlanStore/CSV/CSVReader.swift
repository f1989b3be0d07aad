import Foundation
import PeerPlanCore

/// A streaming RFC 4180 CSV reader over bytes.
///
/// Written by hand rather than taken from a CSV package because state-scale enrollment files
/// (millions of rows) must stream in bounded memory and every error must name its line and
/// column; see README "Performance" for the measurement that motivated it.
/// Accepts a UTF-8 BOM, LF and CRLF line ends (mixed), quoted fields with embedded commas,
/// quotes and line breaks, and skips blank lines. Rejects UTF-16 and invalid UTF-8 in the fields
/// it is asked for; with `encoding` Windows-1252 or Latin-1 it converts bytes to UTF-8 as it reads.
/// A stray quote in an unquoted value is kept as written and is an error only when that field is
/// read, so columns PeerPlan does not read cannot refuse a file; after a row with more fields
/// than the header it goes on with the next, so an import lists every problem of a file at once.
package final class CSVReader {
    package let displayName: String
    package private(set) var header: [String] = []
    /// Physical line on which the current record starts (the header is line 1).
    package private(set) var line = 0

    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8]
    private var bufferCount = 0
    private var position = 0
    private var atEOF = false
    private var physicalLine = 1

    // The current record: field contents back to back, and where each field ends.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var headerIndex: [String: Int] = [:]

    /// Fed with every byte read, so an import fingerprints its inputs without reading them twice.
    package private(set) var hasher = SHA256()
    package let encoding: TextEncoding
    /// The raw bytes of a file in another encoding, before conversion.
    private var raw: [UInt8] = []

    /// The bytes of an in-memory file (`bytes(_:)`), freed with the reader.
    private var memory: UnsafeMutableRawPointer?

    package init(url: URL, displayName: String? = nil, encoding: TextEncoding = .utf8, bufferSize: Int = 1 << 20) throws {
        self.displayName = displayName ?? url.lastPathComponent
        self.encoding = encoding
        guard let handle = fopen(url.path, "rb") else {
            throw InputError(file: displayName ?? url.path, message: "cannot open the file (\(String(cString: strerror(errno))))")
        }
        file = handle
        buffer = [UInt8](repeating: 0, count: bufferSize)
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(64)
        try readHeader()
    }

    /// Reads bytes held in memory exactly as a file of them (the fuzzing harness's way in).
    package init(bytes data: [UInt8], displayName: String, encoding: TextEncoding = .utf8, bufferSize: Int = 1 << 16) throws {
        self.displayName = displayName
        self.encoding = encoding
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: data.count) } }
        // An empty file is a file of no bytes: an empty in-memory stream reads as one.
        guard let handle = data.isEmpty ? fopen("/dev/null", "rb") : fmemopen(copy, data.count, "rb") else {
            copy.deallocate()
            throw InputError(file: displayName, message: "cannot open the bytes (\(String(cString: strerror(errno))))")
        }
        memory = copy
        file = handle
        buffer = [UInt8](repeating: 0, count: bufferSize)
        try readHeader()
    }

    deinit {
        fclose(file)
        memory?.deallocate()
    }

    private func refill() {
        position = 0
        if atEOF {
            bufferCount = 0
            return
        }
        if encoding != .utf8 {
            if raw.isEmpty { raw = [UInt8](repeating: 0, count: max(buffer.count / 3, 1)) }
            let count = raw.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { atEOF = true }
            raw.withUnsafeBytes { hasher.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            bufferCount = encoding.transcode(raw[0..<count], into: &buffer)
            return
        }
        bufferCount = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if bufferCount == 0 { atEOF = true }
        buffer.withUnsafeBytes { hasher.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<bufferCount])) }
    }

    private func readHeader() throws {
        refill()
        if bufferCount >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            throw InputError(file: displayName, line: 1, message: "the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8) and import again")
        }
        if encoding == .utf8, bufferCount >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        if encoding != .utf8, raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
            throw InputError(file: displayName, line: 1, kind: .encoding,
                             message: "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not \(encoding.displayName); import it as UTF-8")
        }
        guard try readRecord() else {
            throw InputError(file: displayName, line: 1, message: "the file is empty; expected a header line")
        }
        if let problem = fieldProblems.sorted(by: { $0.key < $1.key }).first?.value { throw problem }
        header = (0..<ends.count).map { (try? string(at: $0))?.trimmingCharacters(in: .whitespaces) ?? "" }
        for (index, name) in header.enumerated() where !name.isEmpty {
            let key = name.lowercased()
            if headerIndex[key] != nil {
                throw InputError(file: displayName, line: 1, column: index + 1, field: name, message: "the column appears twice in the header")
            }
            headerIndex[key] = index
        }
    }

    /// The index of a column by header name (case-insensitive), or nil.
    package func column(_ name: String) -> Int? { headerIndex[name.lowercased()] }

    /// The index of a column that must be present.
    package func requiredColumn(_ name: String) throws -> Int {
        guard let index = column(name) else {
            throw InputError(file: displayName, line: 1, field: name,
                             message: "required column is missing (the header has: \(header.joined(separator: ", ")))")
        }
        return index
    }

    /// Advances to the next non-blank record. Returns false at the end of the file.
    package func next() throws -> Bool {
        while true {
            guard try readRecord() else { return false }
            if bytes.isEmpty { continue } // a blank line, or a row of empty fields (`,,,` from spreadsheets)
            // Extra fields that are all empty (`a,b,,` under a two-column header) carry nothing.
            if ends.count > header.count, header.isEmpty || ends[header.count - 1] < bytes.count {
                throw InputError(file: displayName, line: line,
                                 message: "the row has \(ends.count) fields but the header has \(header.count); is a value containing a comma not quoted?")
            }
            return true
        }
    }

    /// Number of fields in the current record (may be fewer than the header: missing ones are empty).
    package var fieldCount: Int { ends.count }

    /// The raw bytes of a field of the current record (empty if the record is short).
    @inline(__always) package func withFieldBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index < ends.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = index == 0 ? 0 : ends[index - 1]
        let end = ends[index]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The field as a string, trimmed of surrounding spaces. Invalid UTF-8 is an error naming the position.
    package func string(at index: Int) throws -> String {
        if !fieldProblems.isEmpty, let problem = fieldProblems[index] { throw problem }
        return try withFieldBytes(index) { raw in
            if raw.isEmpty { return "" }
            guard let text = String(validating: raw, as: UTF8.self) else {
                let offset = Self.firstInvalidUTF8(raw)
                throw InputError(file: displayName, line: line, column: index + 1,
                                 field: index < header.count ? header[index] : nil, kind: .encoding,
                                 message: String(format: "not valid UTF-8 (byte 0x%02X at character %d); the file is in another encoding (often Windows-1252 from Excel or an older SIS): save it as UTF-8, or import it as Windows-1252 or Latin-1", raw[offset], offset + 1))
            }
            if let first = raw.first, let last = raw.last, first != 0x20, last != 0x20, first != 0x09, last != 0x09 { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < raw.count {
            let b = raw[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > raw.count { return i }
            for k in 1..<max(length, 1) where raw[i + k] & 0xC0 != 0x80 { return i }
            if let text = String(validating: UnsafeBufferPointer(rebasing: raw[i..<(i + length)]), as: UTF8.self), !text.isEmpty {
                i += length
            } else {
                return i
            }
        }
        return 0
    }

    /// The field as a string, or "" when the column is absent.
    package func string(_ column: Int?) throws -> String {
        guard let column else { return "" }
        return try string(at: column)
    }

    /// Compares a field with an ASCII word, ignoring case, without building a string.
    package func field(_ index: Int, equalsIgnoringCase word: StaticString) -> Bool {
        withFieldBytes(index) { raw in
            guard raw.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<raw.count where (raw[i] | 0x20) != (w[i] | 0x20) { return false }
            return true
        }
    }

    /// Checks every field of the current record is valid UTF-8 (fields we never read included).
    package func validateUTF8() throws {
        var needsCheck = false
        bytes.withUnsafeBufferPointer { all in
            for b in all where b >= 0x80 { needsCheck = true; break }
        }
        guard needsCheck else { return }
        for index in 0..<ends.count { _ = try string(at: index) }
    }

    private enum Outcome { case endOfRecord, needMore }
    private var skipLineFeed = false

    private func readRecord() throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        if !fieldProblems.isEmpty { fieldProblems.removeAll() }
        if position >= bufferCount { refill() }
        if skipLineFeed {
            skipLineFeed = false
            if position < bufferCount, buffer[position] == Self.lf { position += 1 }
            if position >= bufferCount { refill() }
        }
        line = physicalLine
        if bufferCount == 0 { return false }
        var inQuotes = false
        var pendingQuote = false // a quote inside a quoted value: closing, or the first of a doubled pair
        var fieldHasQuote = false
        var afterClosingQuote = false
        var crInQuotes = false
        while true {
            if position >= bufferCount {
                refill()
                if bufferCount == 0 {
                    if pendingQuote { inQuotes = false }
                    if inQuotes {
                        throw InputError(file: displayName, line: line, column: ends.count + 1,
                                         message: "a quoted value opened on this line is never closed")
                    }
                    ends.append(bytes.count)
                    return true
                }
            }
            let outcome: Outcome = buffer.withUnsafeBufferPointer { buf in
                var i = position
                let n = bufferCount
                while i < n {
                    if inQuotes {
                        if pendingQuote {
                            pendingQuote = false
                            if buf[i] == Self.quote {
                                bytes.append(Self.quote)
                                i += 1
                                continue
                            }
                            inQuotes = false
                            afterClosingQuote = true
                            continue
                        }
                        if crInQuotes {
                            // A CR inside quotes ends a line unless an LF follows it.
                            crInQuotes = false
                            if buf[i] != Self.lf { physicalLine += 1 }
                        }
                        var j = i
                        while j < n && buf[j] != Self.quote && buf[j] != Self.lf && buf[j] != Self.cr { j += 1 }
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                        i = j
                        if i == n { break }
                        if buf[i] == Self.lf {
                            physicalLine += 1
                            bytes.append(Self.lf)
                        } else if buf[i] == Self.cr {
                            bytes.append(Self.cr)
                            crInQuotes = true
                        } else {
                            pendingQuote = true
                        }
                        i += 1
                        continue
                    }
                    let b = buf[i]
                    switch b {
                    case Self.comma:
                        ends.append(bytes.count)
                        fieldHasQuote = false
                        afterClosingQuote = false
                        i += 1
                    case Self.lf, Self.cr:
                        physicalLine += 1
                        ends.append(bytes.count)
                        position = i + 1
                        if b == Self.cr {
                            if i + 1 < n {
                                if buf[i + 1] == Self.lf { position = i + 2 }
                            } else {
                                skipLineFeed = true
                            }
                        }
                        return .endOfRecord
                    case Self.quote:
                        let fieldStart = ends.last ?? 0
                        if !fieldHasQuote && bytes.count == fieldStart {
                            inQuotes = true
                            fieldHasQuote = true
                            i += 1
                        } else {
                            // Kept as written; an error only if the field is read (`string(at:)`).
                            flagField(ends.count, line: physicalLine,
                                      "a quote character inside an unquoted value; quote the whole value and double the inner quotes")
                            bytes.append(Self.quote)
                            i += 1
                        }
                    default:
                        if afterClosingQuote {
                            if b == 0x20 || b == 0x09 { i += 1; continue }
                            flagField(ends.count, line: physicalLine, "unexpected text after a closing quote")
                            afterClosingQuote = false
                        }
                        var j = i + 1
                        while j < n {
                            let c = buf[j]
                            if c == Self.comma || c == Self.lf || c == Self.cr || c == Self.quote { break }
                            j += 1
                        }
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                        i = j
                    }
                }
                position = n
                return .needMore
            }
            if outcome == .endOfRecord { return true }
        }
    }

    /// A field of the current record that is malformed (a stray quote): an error when it is read.
    private var fieldProblems: [Int: InputError] = [:]

    private func flagField(_ index: Int, line: Int, _ message: String) {
        if fieldProblems[index] == nil {
            fieldProblems[index] = InputError(file: displayName, line: line, column: index + 1,
                                              field: index < header.count ? header[index] : nil, message: message)
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
}
