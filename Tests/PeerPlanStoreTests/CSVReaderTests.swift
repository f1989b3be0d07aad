import Foundation
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
