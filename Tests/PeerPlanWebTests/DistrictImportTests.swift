import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing
import ZIPFoundation

/// `/district/import`: a district folder uploaded as a `.zip` (multipart, the CSRF token a form
/// field of it), one transaction with its audit entry; a failed upload changes nothing.
@Suite struct DistrictImportTests {
    /// The Fixtures district, changed by `change`, zipped in its folder as `district.zip`.
    static func districtZip(in dir: TempDir, change: (URL) throws -> Void = { _ in }) throws -> Data {
        let folder = dir.path("upload/district")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("district"), to: folder)
        try change(folder)
        let zip = dir.path("district.zip")
        try FileManager.default.zipItem(at: folder, to: zip, shouldKeepParent: true)
        return try Data(contentsOf: zip)
    }

    static func edit(_ file: URL, _ transform: (String) -> String) throws {
        try Data(transform(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    /// The bytes of the store file and its WAL.
    static func storeBytes(_ f: WebFixture) throws -> [Data] {
        let path = f.dir.path("store.sqlite").path
        return try [path, path + "-wal"].map { FileManager.default.fileExists(atPath: $0) ? try Data(contentsOf: URL(fileURLWithPath: $0)) : Data() }
    }

    static let boundary = "----PeerPlanTestBoundary7MA4YWxkTrZu0gW"

    /// A `multipart/form-data` body: text fields, then the file as field `district`.
    static func multipart(_ fields: [(String, String)], file: Data?, filename: String = "district.zip") -> ByteBuffer {
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"district\"; filename=\"\(filename)\"\r\nContent-Type: application/zip\r\n\r\n".utf8))
            body.append(file)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ByteBuffer(bytes: body)
    }

    func upload(_ client: some TestClientProtocol, cookie: String?, fields: [(String, String)], file: Data?, filename: String = "district.zip") async throws -> Page {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(Self.boundary)"]
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: "/district/import", method: .post, headers: headers,
                                        body: Self.multipart(fields, file: file, filename: filename)) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    @Test func aGoodZipIsImportedAuditedAndSummarised() async throws {
        let f = try WebFixture()
        let scratch = try TempDir()
        let renamed = try Self.districtZip(in: scratch) { folder in
            try Self.edit(folder.appendingPathComponent("orgs.csv")) { $0.replacingOccurrences(of: "Cedar Middle", with: "Cedar Middle School") }
        }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let form = try await client.page("/district/import", cookie: cookie)
            #expect(form.status == .ok)
            #expect(form.body.contains(#"enctype="multipart/form-data""#) && form.body.contains(#"<label for="district">"#))
            #expect(form.body.contains("at most 200 MB"))
            let csrf = try #require(form.csrf)
            let answer = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: renamed)
            #expect(answer.status == .seeOther && answer.location == "/district/import?result=imported&warnings=1#result")
            let after = try await client.page("/district/import?result=imported", cookie: cookie)
            #expect(after.body.contains("The district’s files are imported."))
            // What was set aside is said, and listed (located) with the import.
            let warned = try await client.page("/district/import?result=imported&warnings=1", cookie: cookie)
            #expect(warned.body.contains("1 row or value was set aside or interpreted: the latest import below lists them."))
            #expect(warned.body.contains("district.zip/enrollments.csv:") && warned.body.contains("but is an aide in users.csv"))
            #expect(after.body.contains("Latest imports from this page") && after.body.contains(WebFixture.district))
            #expect(try await client.page("/district", cookie: cookie).body.contains("Cedar Middle School"))
            // The same files again change nothing, and say so.
            let again = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: renamed)
            #expect(again.location == "/district/import?result=unchanged&warnings=1#result")
        }
        let entries = try AuditLog(store: f.store).list().filter { $0.action == "imported district files" }
        #expect(entries.count == 1)
        #expect(entries.first?.actor == WebFixture.district && entries.first?.details.contains("run #") == true)
    }

    @Test func aBadZipShowsTheFileLineAndColumnAndChangesNothing() async throws {
        let f = try WebFixture()
        let scratch = try TempDir()
        let broken = try Self.districtZip(in: scratch) { folder in
            // A second row with the first teacher's id.
            try Self.edit(folder.appendingPathComponent("users.csv")) { text in
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                return text + (text.hasSuffix("\n") ? "" : "\n") + lines[1] + "\n"
            }
        }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let csrf = try #require(try await client.page("/district/import", cookie: cookie).csrf)
            let before = try Self.storeBytes(f)
            let answer = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: broken)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.contains("Not imported: nothing was changed"))
            #expect(answer.body.contains("PeerPlan found 1 problem in the files."))
            #expect(answer.body.contains("<td>district.zip/users.csv</td>"))
            #expect(answer.body.contains("duplicate sourcedId"))
            #expect(answer.body.contains("“sourcedId”"))
            #expect(!answer.body.contains("peerplan-upload-"))  // no server path
            // Not a zip at all, and not even named like one.
            let garbage = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: Data("not a zip".utf8))
            #expect(garbage.status == .unprocessableContent && garbage.body.contains("cannot read the zip archive"))
            #expect(!garbage.body.contains("peerplan-upload-"))
            let named = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: broken, filename: "district.tar")
            #expect(named.status == .unprocessableContent && named.body.contains("This is not a .zip file."))
            let none = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: nil)
            #expect(none.status == .unprocessableContent && none.body.contains("Choose a .zip file to upload."))
            #expect(try Self.storeBytes(f) == before)
        }
        #expect(try AuditLog(store: f.store).list().allSatisfy { $0.action != "imported district files" })
    }

    @Test func anUploadWithoutTheSessionsTokenIsRefusedAndChangesNothing() async throws {
        let f = try WebFixture()
        let scratch = try TempDir()
        let zip = try Self.districtZip(in: scratch) { folder in
            try Self.edit(folder.appendingPathComponent("orgs.csv")) { $0.replacingOccurrences(of: "Cedar Middle", with: "Cedar Middle School") }
        }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let csrf = try #require(try await client.page("/district/import", cookie: cookie).csrf)
            let before = try Self.storeBytes(f)
            for fields in [[], [("csrf", String(repeating: "0", count: csrf.count))], [("other", csrf)]] as [[(String, String)]] {
                let answer = try await upload(client, cookie: cookie, fields: fields, file: zip)
                #expect(answer.status == .forbidden)
                #expect(answer.body.contains("This form has expired"))
            }
            // A url-encoded body does not carry a file: the token is right, there is nothing to import.
            let plain = try await client.page("/district/import", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(plain.status == .unprocessableContent)
            #expect(try Self.storeBytes(f) == before)
            // Signed out: sign in first.
            #expect(try await upload(client, cookie: nil, fields: [("csrf", csrf)], file: zip).location == "/login")
        }
    }

    @Test func onlyDistrictStaffCanImport() async throws {
        let f = try WebFixture()
        let scratch = try TempDir()
        let zip = try Self.districtZip(in: scratch) { folder in
            try Self.edit(folder.appendingPathComponent("orgs.csv")) { $0.replacingOccurrences(of: "Cedar Middle", with: "Cedar Middle School") }
        }
        try await f.app.test(.router) { client in
            for email in [WebFixture.principal, WebFixture.otherPrincipal, WebFixture.teacher] {
                let (cookie, signedIn) = try await client.signIn(email)
                let home = try #require(signedIn.location)
                let csrf = try #require(try await client.page(home, cookie: cookie).csrf)
                #expect(try await client.page("/district/import", cookie: cookie).status == .notFound, "\(email)")
                #expect(try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: zip).status == .notFound, "\(email)")
            }
        }
        #expect(try f.store.districtOverview().schools.contains { $0.name == "Cedar Middle" })
    }

    @Test func aFileOverTheLimitIsRefusedWithAClearMessage() async throws {
        let f = try WebFixture()
        var options = f.web.options
        options.maxUploadBytes = 2_000_000
        let web = try WebApp(store: f.store, feeds: f.web.feeds, options: options, logger: f.web.logger)
        let app = Application(router: web.buildRouter())
        try await app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let csrf = try #require(try await client.page("/district/import", cookie: cookie).csrf)
            let answer = try await upload(client, cookie: cookie, fields: [("csrf", csrf)], file: Data(count: 2_100_000))
            #expect(answer.status == .contentTooLarge)
            #expect(answer.body.contains("PeerPlan accepts files of at most 2 MB in one upload."))
        }
    }

    @Test func multipartBodiesAreReadByTheirBoundary() throws {
        #expect(Multipart.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(Multipart.boundary(contentType: #"Multipart/Form-Data; charset=utf-8; boundary="a b""#) == "a b")
        #expect(Multipart.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        let body = Self.multipart([("csrf", "t0k"), ("note", "a\r\nb")], file: Data([0, 13, 10, 45, 45, 255]), filename: #"C:\Users\me\district.zip"#)
        let parsed = try #require(Multipart.parse(Data(body.readableBytesView), boundary: Self.boundary))
        #expect(parsed.form["csrf"] == "t0k" && parsed.form["note"] == "a\r\nb")
        #expect(parsed.files.count == 1)
        #expect(parsed.files.first?.filename == "district.zip" && parsed.files.first?.data == Data([0, 13, 10, 45, 45, 255]))
        #expect(Multipart.parse(Data("no boundary here".utf8), boundary: Self.boundary) == nil)
    }
}
