import PeerPlanCore

/// How the micro-credential path is counted, worded in one place for every cost report: one MC
/// per target teacher and focus skill of the pairs, or, for a teacher with micro-credentials
/// attached this term, one per attachment (or, with scope `perTeacher`, a number per teacher).
///
/// Each report puts the rule in its own sentence (a heading's "— …", a school's "(…)", a note),
/// so the forms differ in order, but every phrase comes from here.
public enum MicroCredentialRuleWording {
    static let perTargetAndFocusSkill = "one per target teacher and focus skill"
    static let attachedThisTerm = "teachers with micro-credentials attached this term"
    static let perAttachment = "one per attachment"

    /// `mcsPerTeacherPerYear` per participating teacher.
    static func perTeacher(_ p: CostParameters) -> String {
        "\(CostFormat.number(p.mcsPerTeacherPerYear.value ?? 0)) per participating teacher"
    }

    /// For a whole report's heading (after "N MCs a year — ").
    public static func forReport(_ inputs: CostInputs, _ p: CostParameters) -> String {
        switch inputs.mcScope {
        case .perTeacher:
            return perTeacher(p)
        case .focusSkills:
            guard inputs.schools.contains(where: \.usesAttachedCredentials) else { return "\(perTargetAndFocusSkill) of the pairs" }
            return "for \(attachedThisTerm), one MC per attachment; for the others, \(perTargetAndFocusSkill)"
        }
    }

    /// For one school (inside "MC path: N MCs a year (…)").
    public static func forSchool(_ school: CostInputs.School, scope: CostInputs.MCScope, _ p: CostParameters) -> String {
        switch scope {
        case .perTeacher: perTeacher(p)
        case .focusSkills: school.usesAttachedCredentials ? "\(perAttachment) for \(attachedThisTerm), else one per focus skill" : perTargetAndFocusSkill
        }
    }

    /// For the district's text summary, naming the schools that attached micro-credentials.
    public static func forSummary(attachedAt schools: [String]) -> String {
        schools.isEmpty ? perTargetAndFocusSkill
            : "\(perAttachment) for \(attachedThisTerm) (at \(schools.joined(separator: ", "))), else \(perTargetAndFocusSkill)"
    }

    /// The note on a school whose teachers are costed on what was attached to them.
    public static func note(school: String, teachers: Int, credentials: Int) -> String {
        "\(school): \(teachers) teacher\(teachers == 1 ? " is" : "s are") costed on the \(credentials) micro-credential\(credentials == 1 ? "" : "s") attached to them this term (one MC per attachment, at its catalogue figures); the others on one MC per focus skill."
    }
}
