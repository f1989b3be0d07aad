import PeerPlanStore

/// Who may open what: the one place the web app decides it (DESIGN.md §10). Every route is
/// registered in one area; `AccessMiddleware` asks `decide` before the handler runs.
package enum Access {
    /// The part of the site a route belongs to.
    package enum Area: Sendable, Equatable {
        /// Anyone, signed in or not (the sign-in form, the stylesheet).
        case anyone
        /// Anyone signed in, whatever the role (sign-out, the home redirect).
        case signedIn
        /// A teacher's own pages (`/me…`).
        case teacher
        /// One school's pages (`/schools/{school}…`): district staff, or a principal holding it.
        case school
        /// The district's pages (`/district…`).
        case district
    }

    package enum Decision: Sendable, Equatable {
        case allow
        /// Signed out: go and sign in (303 to `/login`).
        case signIn
        /// Not for this account: the same 404 as a page that does not exist, so nobody learns
        /// which schools exist or what other roles can open.
        case notFound
    }

    /// The rule, for one area, one account (nil: signed out) and the school a URL names.
    package static func decide(_ area: Area, account: Account?, school: String?) -> Decision {
        if area == .anyone { return .allow }
        guard let account else { return .signIn }
        switch area {
        case .anyone, .signedIn:
            return .allow
        case .teacher:
            return account.role == .teacher ? .allow : .notFound
        case .school:
            guard let school else { return .notFound }
            return account.holds(school: school) ? .allow : .notFound
        case .district:
            return account.role == .district ? .allow : .notFound
        }
    }

    /// Where an account lands after signing in: district staff on `/district`, a principal on
    /// their first school, a teacher on `/me`. A principal who holds no school (any more) gets
    /// the home page, which says so.
    package static func home(of account: Account) -> String {
        switch account.role {
        case .district: return "/district"
        case .principal: return account.schools.first.map { "/schools/\(Paths.segment($0.id))" } ?? "/"
        case .teacher: return "/me"
        }
    }
}

/// URL building.
enum Paths {
    /// A value made safe as one path segment.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/?#"))) ?? text
    }
}
