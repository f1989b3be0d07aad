import Foundation

/// A file sent in a `multipart/form-data` form.
package struct UploadedFile: Sendable {
    /// The form field's name.
    package var field: String
    /// The file name the browser sent (its last path component only), possibly empty.
    package var filename: String
    package var data: Data
}

/// Reads a `multipart/form-data` body (RFC 7578): text parts become form fields, parts with a
/// `filename` become files. Nil when the body is not well formed.
enum Multipart {
    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = part.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.isEmpty || value.count > 70 ? nil : String(value)
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) -> (form: FormData, files: [UploadedFile])? {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8), headerEnd = Data("\r\n\r\n".utf8)
        guard let first = body.range(of: delimiter) else { return nil }
        var fields: [(name: String, value: String)] = []
        var files: [UploadedFile] = []
        var cursor = first.upperBound
        while true {
            // After a delimiter: `--` ends the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: crlf) else { return nil }
            let partStart = cursor + crlf.count
            guard let next = body.range(of: crlf + delimiter, in: partStart..<body.endIndex),
                  let headersEnd = body.range(of: headerEnd, in: partStart..<next.lowerBound + crlf.count) else { return nil }
            let headerText = String(decoding: body[partStart..<headersEnd.lowerBound], as: UTF8.self)
            let contentEnd = max(headersEnd.upperBound, next.lowerBound)
            let content = body[headersEnd.upperBound..<contentEnd]
            guard let disposition = headerText.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = parameter("name", in: disposition) else { return nil }
            if let filename = parameter("filename", in: disposition) {
                let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                files.append(UploadedFile(field: name, filename: last, data: Data(content)))
            } else {
                fields.append((name, String(decoding: content, as: UTF8.self)))
            }
            cursor = next.upperBound
        }
        return (FormData(fields: fields), files)
    }

    /// `name="value"` in a `Content-Disposition` header line.
    static func parameter(_ key: String, in line: Substring) -> String? {
        let pattern = "; " + key + "=\""
        guard let start = line.range(of: pattern, options: .caseInsensitive)?.upperBound ?? line.range(of: ";" + key + "=\"", options: .caseInsensitive)?.upperBound,
              let end = line[start...].firstIndex(of: "\"") else { return nil }
        return String(line[start..<end])
    }
}
