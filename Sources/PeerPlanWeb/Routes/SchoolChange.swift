import Foundation
import Hummingbird
import PeerPlanStore

/// A form on a school page asked for something it cannot have (a missing or unreadable field);
/// nothing was changed. The message is shown to the principal as it is.
struct FormProblem: Error, Equatable {
    var message: String
}

/// How every school page's forms run: one store call (its own transaction, with its audit
/// entry) for the signed-in account at the school the URL names, then 303 back to the page
/// with a short confirmation (Post/Redirect/Get). What the library refuses becomes the page
/// again with the message: 409 for a step not done yet, 422 for a broken rule or a bad form;
/// an unknown teacher, team or school stays the 404 page (`ErrorPageMiddleware`).
struct SchoolChange {
    let app: WebApp

    /// Where the page is: `/schools/{school}/{section}`.
    static func path(_ context: WebContext, _ section: String) -> String {
        "/schools/\(Paths.segment(context.parameters.get("school") ?? ""))/\(section)"
    }

    /// Runs `change` and redirects to `section`'s page with `?done=done`, or, when refused,
    /// shows the page `page(message)` renders with the refusal's status.
    func run(_ context: WebContext, section: String, done: String,
             page: @escaping @Sendable (_ problem: String, _ status: HTTPResponse.Status) async throws -> Response,
             _ change: @escaping @Sendable (WebChange, FormData) throws -> Void) async throws -> Response {
        guard let account = context.account else { return app.pages.notFound(context) }
        let school = context.parameters.get("school") ?? ""
        let audit = WebChange(actor: .account(account), at: app.options.clock(), school: school)
        let form = context.form ?? FormData("")
        do {
            try await offload { try change(audit, form) }
        } catch let error as StoreError where error.kind != .notFound {
            return try await page(Self.sentence(error.description), error.kind == .missingStep ? .conflict : .unprocessableContent)
        } catch let problem as FormProblem {
            return try await page(problem.message, .unprocessableContent)
        }
        return Responses.redirect(to: Self.path(context, section) + "?done=\(done)")
    }

    /// A library's message as a sentence: capital first letter (unless it begins with an id
    /// such as `t-mid-02`), full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let firstWord = text.prefix { $0 != " " }
        let capitalised = firstWord.allSatisfy(\.isLetter) ? first.uppercased() + text.dropFirst() : text
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}

extension FormData {
    /// A field that must be there and not empty.
    func required(_ name: String, _ label: String) throws -> String {
        guard let value = self[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw FormProblem(message: "Choose \(label) and try again.")
        }
        return value
    }

    /// A whole number field.
    func number(_ name: String, _ label: String) throws -> Int64 {
        guard let value = Int64(try required(name, label)) else { throw FormProblem(message: "\(label.prefix(1).uppercased() + label.dropFirst()) must be a whole number.") }
        return value
    }
}
