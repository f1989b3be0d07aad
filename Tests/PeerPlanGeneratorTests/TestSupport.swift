import Foundation
import PeerPlanCore
import PeerPlanTestSupport
@testable import PeerPlanGenerator

/// A parsed CSV file: header and rows of text fields (RFC 4180, as the generator writes it).
struct Table: Sendable {
    let header: [String]
    let rows: [[String]]

    func column(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else { fatalError("no column \(name) in \(header)") }
        return index
    }

    /// The values of one column, row by row.
    func values(_ name: String) -> [String] {
        let i = column(name)
        return rows.map { $0[i] }
    }
}

enum CSVError: Error { case malformed(String) }

/// Parses bytes strictly: LF line ends only, quotes only around whole fields, every row as wide
/// as the header.
func parseCSV(_ data: Data, name: String) throws -> Table {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var wasQuoted = false
    var i = data.startIndex
    let bytes = [UInt8](data)
    i = 0
    while i < bytes.count {
        let b = bytes[i]
        if quoted {
            if b == UInt8(ascii: "\"") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                    field.append(b)
                    i += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(b)
            }
        } else {
            switch b {
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else { throw CSVError.malformed("\(name): stray quote in row \(rows.count + 1)") }
                quoted = true
                wasQuoted = true
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case 10:
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
                rows.append(row)
                row = []
            case 13:
                throw CSVError.malformed("\(name): CR in row \(rows.count + 1)")
            default:
                guard !wasQuoted else { throw CSVError.malformed("\(name): text after a closing quote") }
                field.append(b)
            }
        }
        i += 1
    }
    guard row.isEmpty, field.isEmpty, !quoted else { throw CSVError.malformed("\(name): no final line end") }
    guard let header = rows.first else { throw CSVError.malformed("\(name): empty") }
    for (n, r) in rows.enumerated() where r.count != header.count {
        throw CSVError.malformed("\(name): row \(n + 1) has \(r.count) fields, header has \(header.count)")
    }
    return Table(header: header, rows: Array(rows.dropFirst()))
}

/// A district written to a temporary folder and read back.
struct WrittenDistrict: Sendable {
    let directory: URL
    let summary: GeneratorSummary
    let tables: [String: Table]

    init(_ options: GeneratorOptions, label: String, only files: [String]? = nil) throws {
        let scratch = try TempDir()
        directory = scratch.path(label)
        summary = try DistrictGenerator.write(options, to: directory)
        var tables: [String: Table] = [:]
        for file in files ?? DistrictGenerator.fileNames {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            tables[file] = try parseCSV(data, name: file)
        }
        self.tables = tables
    }

    subscript(_ file: String) -> Table {
        guard let table = tables[file] else { fatalError("\(file) was not read") }
        return table
    }
}

/// Expands a `periods` value: `"1,3-5"` → ["1", "3", "4", "5"].
func expandPeriods(_ text: String) -> [String] {
    var names: [String] = []
    for part in text.split(separator: ",") {
        let bounds = part.split(separator: "-")
        if bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a <= b {
            names += (a...b).map(String.init)
        } else {
            names.append(String(part))
        }
    }
    return names
}

/// A 20-school district with default sizes (so at least one A/B block high school), shared by
/// the structural tests.
let sharedDistrict: Result<WrittenDistrict, any Error> = Result {
    try WrittenDistrict(GeneratorOptions(schools: 20, seed: 2026, rubrics: TestRubrics.both), label: "shared")
}
