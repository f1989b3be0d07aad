import PeerPlanCore

/// How the micro-credential path is counted, in ONE wording used by every cost report (text,
/// HTML heading, per-school facts, notes): one MC per target teacher and focus skill of the pairs;
/// for a teacher with micro-credentials attached this term, one per attachment instead (or, with
/// scope `perTeacher`, a number per participating teacher).
package enum MicroCredentialRuleWording {
    /// The rule when no micro-credential is attached.
    static let byFocusSkill = "one MC per target teacher and focus skill"
    /// The rule when some are: the only wording of it.
    static let withAttachments = "one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill"

    /// `mcsPerTeacherPerYear` per participating teacher.
    static func perTeacher(_ p: CostParameters) -> String {
        "\(CostFormat.number(p.mcsPerTeacherPerYear.value ?? 0)) MC per participating teacher"
    }

    /// The rule for a set of schools.
    static func rule(attached: Bool, scope: CostInputs.MCScope, _ p: CostParameters) -> String {
        switch scope {
        case .perTeacher: perTeacher(p)
        case .focusSkills: attached ? withAttachments : byFocusSkill
        }
    }

    /// For a whole report's heading (after "N MCs a year — ").
    package static func forReport(_ inputs: CostInputs, _ p: CostParameters) -> String {
        rule(attached: inputs.schools.contains(where: \.usesAttachedCredentials), scope: inputs.mcScope, p)
    }

    /// For one school (inside "MC path: N MCs a year (…)").
    package static func forSchool(_ school: CostInputs.School, scope: CostInputs.MCScope, _ p: CostParameters) -> String {
        rule(attached: school.usesAttachedCredentials, scope: scope, p)
    }

    /// For the district's text summary, naming the schools that attached micro-credentials.
    package static func forSummary(attachedAt schools: [String]) -> String {
        schools.isEmpty ? byFocusSkill : "\(withAttachments) (attached at \(schools.joined(separator: ", ")))"
    }

    /// The note on a school whose teachers are costed on what was attached to them.
    package static func note(school: String, teachers: Int, credentials: Int) -> String {
        "\(school): \(teachers) teacher\(teachers == 1 ? "" : "s") with \(credentials) micro-credential\(credentials == 1 ? "" : "s") attached this term, at catalogue figures (\(withAttachments))."
    }
}
