import Foundation
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

@Suite struct CSVReaderTests {
    func rows(_ text: String) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        let tmp = try TempDir()
        try tmp.write("x.csv", text)
        let reader = try CSVReader(url: tmp.path("x.csv"), bufferSize: 7) // tiny buffer: exercise refills
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            rows.append(try (0..<reader.fieldCount).map { try reader.string(at: $0) })
            lines.append(reader.line)
        }
        return (reader.header, rows, lines)
    }

    @Test func quotesCommasAndLineBreaks() throws {
        let result = try rows("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",z\r\n\n3,,\n")
        #expect(result.header == ["a", "b", "c"])
        #expect(result.rows == [["1", "x, y", "say \"hi\""], ["2", "multi\nline", "z"], ["3", "", ""]])
        // Line numbers are where each record starts; the blank line is skipped.
        #expect(result.lines == [2, 3, 6])
    }

    @Test func lastLineWithoutNewlineAndShortRows() throws {
        let result = try rows("a,b,c\n1,2")
        #expect(result.rows == [["1", "2"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let tmp = try TempDir()
        try tmp.write("x.csv", bytes: [0xEF, 0xBB, 0xBF] + [UInt8]("id,name\n1,A\n".utf8))
        let reader = try CSVReader(url: tmp.path("x.csv"))
        #expect(reader.header == ["id", "name"])
        #expect(reader.column("ID") == 0)
    }

    @Test func quoteInsideAnUnquotedValueIsAnError() throws {
        #expect(throws: InputError.self) { _ = try rows("a,b\n1,x\"y\n") }
    }

    @Test func duplicateHeaderIsAnError() throws {
        #expect(throws: InputError.self) { _ = try rows("a,A\n1,2\n") }
    }

    @Test func emptyFileIsAnError() throws {
        #expect(throws: InputError.self) { _ = try rows("") }
    }
}

@Suite struct CSVReaderEdgeTests {
    @Test func crOnlyLineBreaksInsideQuotesCountAsLines() throws {
        let tmp = try TempDir()
        try tmp.write("x.csv", "a,b\r1,\"x\ry\"\r2,z\r")
        let reader = try CSVReader(url: tmp.path("x.csv"))
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.line) }
        #expect(lines == [2, 4])
    }

    @Test func rowsOfEmptyFieldsAreBlank() throws {
        let tmp = try TempDir()
        try tmp.write("x.csv", "a,b,c\n1,2,3\n,,\n4,5,6\n")
        let reader = try CSVReader(url: tmp.path("x.csv"))
        var count = 0
        while try reader.next() { count += 1 }
        #expect(count == 2)
    }

    @Test func theInvalidByteIsTheOneNamed() throws {
        let tmp = try TempDir()
        // "José" in UTF-8 (C3 A9), then a lone E9.
        try tmp.write("x.csv", bytes: [UInt8]("name\n".utf8) + [0x4A, 0x6F, 0x73, 0xC3, 0xA9, 0x20, 0xE9, 0x0A])
        let reader = try CSVReader(url: tmp.path("x.csv"))
        #expect(try reader.next())
        #expect { try reader.string(at: 0) } throws: { error in
            (error as? InputError)?.description.contains("byte 0xE9 at character 7") == true
        }
    }
}

/// A stray quote in a value is an error only where the value is read (issue 12: columns PeerPlan
/// does not read are not its business); rows that stop before trailing empty header cells, or go
/// on with empty fields past the header, are not ragged.
@Suite struct CSVLenienceTests {
    func reader(_ text: String) throws -> (CSVReader, TempDir) {
        let tmp = try TempDir()
        try tmp.write("x.csv", text)
        return (try CSVReader(url: tmp.path("x.csv")), tmp)
    }

    @Test func aStrayQuoteIsAnErrorOnlyWhenItsFieldIsRead() throws {
        let (r, _tmp) = try reader("id,password,name\n1,p@ss\"word,Ada\n2,x,Ben\n")
        _ = _tmp
        #expect(try r.next())
        #expect(try r.string(at: 0) == "1" && r.string(at: 2) == "Ada")
        #expect { try r.string(at: 1) } throws: { error in
            let e = error as? InputError
            return e?.line == 2 && e?.column == 2 && e?.field == "password" && e!.message.hasPrefix("a quote character inside an unquoted value")
        }
        #expect(try r.next())
        #expect(try r.string(at: 1) == "x")
    }

    @Test func trailingEmptyHeaderCellsAndFields() throws {
        let (r, _tmp) = try reader("a,b,,\n1,2\n3,4,,,,\n")
        _ = _tmp
        #expect(r.header == ["a", "b", "", ""])
        #expect(try r.next())
        #expect(try r.string(at: 1) == "2")
        #expect(try r.next())
        #expect(try r.string(at: 0) == "3")
        #expect(try !r.next())
        // More fields than the header with a value in them is still ragged.
        let (bad, _tmp2) = try reader("a,b\n1,2,3\n4,5\n")
        _ = _tmp2
        #expect(throws: InputError.self) { _ = try bad.next() }
        // …and reading goes on with the next row.
        #expect(try bad.next())
        #expect(try bad.string(at: 0) == "4")
    }

    @Test func windows1252AndLatin1AreConverted() throws {
        let tmp = try TempDir()
        try tmp.write("x.csv", bytes: Array("name\n".utf8) + [0x4A, 0x6F, 0x73, 0xE9, 0x20, 0x92, 0x80, 0x0A])
        let cp = try CSVReader(url: tmp.path("x.csv"), encoding: .windows1252)
        #expect(try cp.next())
        #expect(try cp.string(at: 0) == "José ’€")
        let latin = try CSVReader(url: tmp.path("x.csv"), encoding: .latin1)
        #expect(try latin.next())
        #expect(try latin.string(at: 0) == "José \u{92}\u{80}")
        #expect(TextEncoding(name: "CP1252") == .windows1252 && TextEncoding(name: "ISO-8859-1") == .latin1 && TextEncoding(name: "ebcdic") == nil)
    }
}
