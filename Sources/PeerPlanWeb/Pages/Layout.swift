import PeerPlanStore

/// What every page's layout shows: the title, and for a signed-in person their menu, their
/// email and the sign-out form (which carries the session's CSRF token).
///
/// Page models are read by swift-mustache through `Mirror`. A name whose value is nil is looked
/// up again in the enclosing objects, so an optional field must not share its name with a field
/// of an object around it (a row's nil `detail` would show the page's `detail`).
struct Layout<Content>: Sendable where Content: Sendable {
    var title: String
    var user: UserBar?
    var content: Content
}

struct UserBar: Sendable {
    var email: String
    var role: String
    var csrf: String
    var nav: [NavLink]

    init(session: WebSession, path: String) {
        let account = session.account
        email = account.email
        csrf = session.csrfToken
        switch account.role {
        case .district:
            role = "District"
            nav = [NavLink(href: "/district", label: "Schools", path: path)]
        case .principal:
            role = "Principal"
            nav = account.schools.map { NavLink(href: "/schools/\(Paths.segment($0.id))", label: $0.name, path: path) }
        case .teacher:
            role = "Teacher"
            nav = [NavLink(href: "/me", label: "My week", path: path)]
        }
    }
}

struct NavLink: Sendable {
    var href: String
    var label: String
    /// `aria-current="page"` on the link of the page being shown (or of its section).
    var current: Bool

    init(href: String, label: String, path: String) {
        self.href = href
        self.label = label
        current = path == href || path.hasPrefix(href + "/")
    }
}

/// A heading, paragraphs and a link: errors, notices and pages still to come.
struct MessagePage: Sendable {
    struct Link: Sendable {
        var href: String
        var label: String
    }

    var heading: String
    var paragraphs: [String]
    var link: Link?
}
