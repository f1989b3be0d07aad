import Foundation

/// A buffered CSV writer over raw bytes: rows are built straight into a large buffer and written
/// with `fwrite` when it fills, so writing millions of enrollment rows costs no `String`
/// allocation per field. Appends never throw; a failed write is remembered and reported by
/// `check()` and `close()`.
final class CSVFileWriter {
    let fileName: String
    /// Data rows written (the header is not counted).
    private(set) var rows = 0
    /// Bytes handed to this writer so far (flushed or still buffered).
    var bytesWritten: Int { flushedBytes + count }

    private var file: UnsafeMutablePointer<FILE>?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var flushedBytes = 0
    private var failure: Int32?

    static let defaultCapacity = 256 << 10

    init(directory: URL, fileName: String, header: [String], capacity: Int = CSVFileWriter.defaultCapacity) throws {
        precondition(capacity >= 64 << 10, "buffers are at least 64 KiB")
        self.fileName = fileName
        self.capacity = capacity
        let path = directory.appendingPathComponent(fileName).path
        guard let handle = fopen(path, "wb") else {
            throw GeneratorError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        file = handle
        buffer = .allocate(capacity: capacity)
        for (i, name) in header.enumerated() {
            if i > 0 { comma() }
            field(name)
        }
        newlineWithoutCounting()
    }

    deinit {
        if let file { fclose(file) }
        buffer.deallocate()
    }

    // MARK: Bytes

    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { flush() }
    }

    private func flush() {
        guard count > 0 else { return }
        if failure == nil, let file {
            let written = fwrite(buffer, 1, count, file)
            if written != count { failure = errno == 0 ? EIO : errno }
        }
        flushedBytes += count
        count = 0
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        reserve(1)
        buffer[count] = b
        count += 1
    }

    @inline(__always)
    func comma() { byte(UInt8(ascii: ",")) }

    /// Ends a data row.
    @inline(__always)
    func endRow() {
        byte(UInt8(ascii: "\n"))
        rows += 1
    }

    private func newlineWithoutCounting() { byte(UInt8(ascii: "\n")) }

    /// Raw bytes, written as they are (the caller knows they need no quoting).
    @inline(__always)
    func raw(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n > capacity {
            flush()
            if failure == nil, let file, let base = bytes.baseAddress {
                if fwrite(base, 1, n, file) != n { failure = errno == 0 ? EIO : errno }
            }
            flushedBytes += n
            return
        }
        reserve(n)
        if n > 0, let base = bytes.baseAddress {
            (buffer + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
        }
        count += n
    }

    @inline(__always)
    func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw($0) }
    }

    @inline(__always)
    func raw(_ text: StaticString) {
        raw(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A text field, quoted (RFC 4180) only when it holds a comma, quote or line break.
    func field(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var needsQuotes = false
            for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
                needsQuotes = true
                break
            }
            if !needsQuotes {
                raw(UnsafeRawBufferPointer(utf8))
                return
            }
            byte(UInt8(ascii: "\""))
            for b in utf8 {
                if b == UInt8(ascii: "\"") { byte(b) }
                byte(b)
            }
            byte(UInt8(ascii: "\""))
        }
    }

    /// A non-negative integer in decimal, left-padded with zeros to at least `width` digits.
    @inline(__always)
    func number(_ value: Int, width: Int = 1) {
        precondition(value >= 0, "numbers written here are non-negative")
        var digits = 1
        var probe = value / 10
        while probe > 0 { digits += 1; probe /= 10 }
        let total = max(digits, width)
        reserve(total)
        var v = value
        var i = count + total - 1
        while i >= count {
            buffer[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            i -= 1
        }
        count += total
    }

    /// `prefix` followed by a zero-padded number, e.g. `t-000123`.
    @inline(__always)
    func id(_ prefix: StaticString, _ value: Int, width: Int) {
        raw(prefix)
        number(value, width: width)
    }

    // MARK: Finishing

    /// Throws if an earlier write failed.
    func check() throws {
        if let failure {
            throw GeneratorError.cannotWrite(path: fileName, reason: String(cString: strerror(failure)))
        }
    }

    func close() throws {
        flush()
        if let file {
            if fclose(file) != 0, failure == nil { failure = errno }
            self.file = nil
        }
        try check()
    }
}
