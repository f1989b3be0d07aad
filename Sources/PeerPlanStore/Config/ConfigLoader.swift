import Foundation
import PeerPlanCore
import Yams

/// The parts of `Config/` the store needs: rubrics and the policy defaults.
public struct PeerPlanConfig: Sendable {
    public var directory: URL
    public var rubrics: [Rubric]
    public var thresholdsSources: [String: String]
    /// Where each rubric's `scoreRule` comes from (its `scoreRuleSource`).
    public var scoreRuleSources: [String: String] = [:]
    /// Who takes part when a teacher made no choice (`pairing.participation`; optOut when missing).
    public var participation = ParticipationRule.optOut
    public var defaultTimezone: String
    /// The pairing rule's settings from policy.yaml's `pairing` section.
    public var pairing: PairingPolicy
    /// The placement settings from policy.yaml's `placement` section.
    public var placement: PlacementPolicy
    /// ORGANIZER of published events (`calendar.organizerEmail`); nil: `peerplan@` the school's mail domain.
    public var calendarOrganizerEmail: String? = nil
    /// Micro-credential checkpoints (`microcredentials.checkpoints` in policy.yaml).
    public var checkpointRules = CheckpointPlanner.Rules()
    /// Whether a principal sees a teacher's raw scores on that teacher's page
    /// (`web.showScoresToPrincipals`; off by default, and when the section is missing).
    public var showScoresToPrincipals = false

    public func rubric(matching id: String) -> Rubric? {
        let key = id.trimmingWhitespace().lowercased()
        return rubrics.first { $0.id.lowercased() == key }
    }
}

/// How the weekly pattern is built (DESIGN.md §6; defaults in Config/policy.yaml).
public struct PlacementPolicy: Sendable, Hashable, Codable {
    public var pairPriority = 2, observationPriority = 2, plcPriority = 3, pdPriority = 1
    public var maxSessionsPerTeacherPerDay = 1
    public var maxShareOfFreePeriods = 0.5
    public var pairSessionsPerWeek = 1, pairPeriodsPerSession = 1
    public var observationEveryWeeks = 2, observationPeriodsPerSession = 1
    public var plcSessionsPerWeek = 1, plcPeriodsPerSession = 1
    public var plcAllowedDays: [String] = ["Tue", "Wed", "Thu"]
    public var pdMinutesPerWeek = 45
    public var timeLimitSeconds = 1.0
    /// Early-release days: periods ending after this local time are dropped.
    public var earlyReleaseTime = "12:30"
    /// Testing days: observations are cancelled (no normal lesson to observe).
    public var cancelObservationsOnTestingDays = true
}

/// A figure in Config: its value and where it comes from.
struct Sourced<Value: Decodable & Sendable>: Decodable, Sendable {
    var value: Value
    var source: String
}

public enum ConfigLoader {
    /// Where Config lives: `--config`, else `PEERPLAN_CONFIG`, else `./Config`, else next to the
    /// package the executable was built in (`<repo>/.build/<config>/peerplan`).
    public static func locate(explicit: String?, executablePath: String = CommandLine.arguments.first ?? "") -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let env = ProcessInfo.processInfo.environment["PEERPLAN_CONFIG"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let local = URL(fileURLWithPath: "Config")
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("policy.yaml").path) { return local }
        var candidate = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let config = candidate.appendingPathComponent("Config")
            if FileManager.default.fileExists(atPath: config.appendingPathComponent("policy.yaml").path) { return config }
            candidate.deleteLastPathComponent()
        }
        return local
    }

    public static func load(from directory: URL) throws -> PeerPlanConfig {
        let policyURL = directory.appendingPathComponent("policy.yaml")
        guard FileManager.default.fileExists(atPath: policyURL.path) else {
            throw StoreError.configNotFound(policyFile: policyURL.path)
        }
        struct PairingSection: Decodable {
            var mode: Sourced<String>
            var partnerCapacity: Sourced<Int>
            var minSharedFreePeriodsPerWeek: Sourced<Int>
            var crossSchool: Sourced<Bool>
            var sameSubjectBonus: Sourced<Int>
            var sameGradeBonus: Sourced<Int>
            var previousCyclePenalty: Sourced<Int>
            var participation: Sourced<String>?
        }
        struct Meeting: Decodable { var sessionsPerWeek: Sourced<Int>?; var periodsPerSession: Sourced<Int>; var allowedDays: Sourced<[String]>?; var everyWeeks: Sourced<Int>? }
        struct PlacementSection: Decodable {
            struct Priorities: Decodable { var plc, pair, observation, pd: Sourced<Int> }
            struct PD: Decodable { var minutesPerWeek: Sourced<Int> }
            var priorities: Priorities
            var maxCollaborationSessionsPerTeacherPerDay: Sourced<Int>
            var maxShareOfFreePeriodsUsed: Sourced<Double>
            var pairMeeting: Meeting
            var observation: Meeting
            var plcMeeting: Meeting
            var protectedPD: PD
            var timeLimitSeconds: Sourced<Double>
        }
        struct CalendarSection: Decodable {
            struct EarlyRelease: Decodable { var releaseTime: Sourced<String> }
            struct Testing: Decodable { var observations: Sourced<String> }
            var earlyRelease: EarlyRelease
            var testing: Testing
            var organizerEmail: Sourced<String?>?
        }
        struct CredentialSection: Decodable {
            struct Checkpoints: Decodable { var evidenceEveryWeeks, finalSubmissionDaysBeforeEnd, reviewAfterDays: Sourced<Int> }
            var checkpoints: Checkpoints
        }
        struct WebSection: Decodable { var showScoresToPrincipals: Sourced<Bool>? }
        struct PolicyHead: Decodable {
            var web: WebSection?
            var microcredentials: CredentialSection?
            var defaultTimezone: Sourced<String>
            var pairing: PairingSection
            var placement: PlacementSection
            var calendar: CalendarSection
        }
        let policy: PolicyHead = try decode(PolicyHead.self, from: policyURL)
        guard let mode = PairingMode(rawValue: policy.pairing.mode.value) else {
            throw InputError(file: policyURL.path, field: "pairing.mode",
                             message: "\"\(policy.pairing.mode.value)\" is not a pairing mode; expected quality or participation")
        }
        let pairing = PairingPolicy(mode: mode, defaultCapacity: policy.pairing.partnerCapacity.value,
                                    minSharedFreePeriods: policy.pairing.minSharedFreePeriodsPerWeek.value,
                                    crossSchool: policy.pairing.crossSchool.value,
                                    sameSubjectBonus: policy.pairing.sameSubjectBonus.value,
                                    sameGradeBonus: policy.pairing.sameGradeBonus.value,
                                    previousCyclePenalty: policy.pairing.previousCyclePenalty.value)
        guard ClockTime(parsing: policy.calendar.earlyRelease.releaseTime.value) != nil else {
            throw InputError(file: policyURL.path, field: "calendar.earlyRelease.releaseTime",
                             message: "\"\(policy.calendar.earlyRelease.releaseTime.value)\" is not a time (HH:MM)")
        }
        let pairingProblems = pairing.validationProblems()
        if !pairingProblems.isEmpty {
            throw InputError(file: policyURL.path, field: "pairing", message: pairingProblems.joined(separator: "; "))
        }
        guard TimeZone(identifier: policy.defaultTimezone.value) != nil else {
            throw InputError(file: policyURL.path, field: "defaultTimezone",
                             message: "\"\(policy.defaultTimezone.value)\" is not an IANA time zone (e.g. America/Chicago)")
        }

        struct RubricFile: Decodable {
            var id: String
            var name: String
            var source: String
            var scaleMin: Int
            var scaleMax: Int
            var weakAtMost: Int
            var strongAtLeast: Int
            var thresholdsSource: String
            var scoreRule: String?
            var schoolYearStartMonth: Int?
            var scoreRuleSource: String?
            var indicators: [Indicator]
        }
        let rubricDirectory = directory.appendingPathComponent("rubrics")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rubricDirectory.path)) ?? []
        var rubrics: [Rubric] = []
        var sources: [String: String] = [:]
        var ruleSources: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = rubricDirectory.appendingPathComponent(name)
            let file = try decode(RubricFile.self, from: url)
            var rubric = Rubric(id: file.id, name: file.name, scaleMin: file.scaleMin, scaleMax: file.scaleMax,
                                weakAtMost: file.weakAtMost, strongAtLeast: file.strongAtLeast,
                                indicators: file.indicators, source: file.source)
            if let text = file.scoreRule {
                guard let rule = ScoreRule(rawValue: text) else {
                    throw InputError(file: url.path, field: "scoreRule",
                                     message: "\"\(text)\" is not a score rule; expected latest or previousYearMean")
                }
                guard let source = file.scoreRuleSource, !source.trimmingWhitespace().isEmpty else {
                    throw InputError(file: url.path, field: "scoreRuleSource", message: "scoreRule needs a source (a cited programme, or \"PeerPlan default: …\" and why)")
                }
                rubric.scoring.rule = rule
                ruleSources[file.id] = source
            }
            if let month = file.schoolYearStartMonth { rubric.scoring.schoolYearStartMonth = month }
            let problems = rubric.validationProblems()
            if !problems.isEmpty {
                throw InputError(file: url.path, message: problems.joined(separator: "; "))
            }
            if rubrics.contains(where: { $0.id.lowercased() == rubric.id.lowercased() }) {
                throw InputError(file: url.path, field: "id", message: "rubric id \"\(rubric.id)\" is defined twice in \(rubricDirectory.path)")
            }
            rubrics.append(rubric)
            sources[rubric.id] = file.thresholdsSource
        }
        var participation = ParticipationRule.optOut
        if let text = policy.pairing.participation?.value {
            guard let rule = ParticipationRule(rawValue: text) else {
                throw InputError(file: policyURL.path, field: "pairing.participation",
                                 message: "\"\(text)\" is not a participation rule; expected optIn or optOut")
            }
            participation = rule
        }
        if rubrics.isEmpty {
            throw InputError(file: rubricDirectory.path, message: "no rubric definitions (*.yaml) found")
        }
        var config = PeerPlanConfig(directory: directory, rubrics: rubrics, thresholdsSources: sources,
                              defaultTimezone: policy.defaultTimezone.value, pairing: pairing,
                              placement: PlacementPolicy(
                                pairPriority: policy.placement.priorities.pair.value,
                                observationPriority: policy.placement.priorities.observation.value,
                                plcPriority: policy.placement.priorities.plc.value,
                                pdPriority: policy.placement.priorities.pd.value,
                                maxSessionsPerTeacherPerDay: policy.placement.maxCollaborationSessionsPerTeacherPerDay.value,
                                maxShareOfFreePeriods: policy.placement.maxShareOfFreePeriodsUsed.value,
                                pairSessionsPerWeek: policy.placement.pairMeeting.sessionsPerWeek?.value ?? 1,
                                pairPeriodsPerSession: policy.placement.pairMeeting.periodsPerSession.value,
                                observationEveryWeeks: policy.placement.observation.everyWeeks?.value ?? 2,
                                observationPeriodsPerSession: policy.placement.observation.periodsPerSession.value,
                                plcSessionsPerWeek: policy.placement.plcMeeting.sessionsPerWeek?.value ?? 1,
                                plcPeriodsPerSession: policy.placement.plcMeeting.periodsPerSession.value,
                                plcAllowedDays: policy.placement.plcMeeting.allowedDays?.value ?? [],
                                pdMinutesPerWeek: policy.placement.protectedPD.minutesPerWeek.value,
                                timeLimitSeconds: policy.placement.timeLimitSeconds.value,
                                earlyReleaseTime: policy.calendar.earlyRelease.releaseTime.value,
                                cancelObservationsOnTestingDays: policy.calendar.testing.observations.value == "cancel"))
        if let email = policy.calendar.organizerEmail?.value?.trimmingWhitespace(), !email.isEmpty {
            guard email.contains("@"), !email.contains(" ") else {
                throw InputError(file: policyURL.path, field: "calendar.organizerEmail", message: "\"\(email)\" is not an email address")
            }
            config.calendarOrganizerEmail = email
        }
        if let c = policy.microcredentials?.checkpoints {
            let rules = CheckpointPlanner.Rules(evidenceEveryWeeks: c.evidenceEveryWeeks.value, finalSubmissionDaysBeforeEnd: c.finalSubmissionDaysBeforeEnd.value,
                                                reviewAfterDays: c.reviewAfterDays.value)
            if let problem = rules.validationProblems().first {
                throw InputError(file: policyURL.path, field: "microcredentials.checkpoints", message: problem)
            }
            config.checkpointRules = rules
        }
        config.showScoresToPrincipals = policy.web?.showScoresToPrincipals?.value ?? false
        config.scoreRuleSources = ruleSources
        config.participation = participation
        return config
    }

    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw InputError(file: url.path, message: "cannot read the file as UTF-8 (\(error.localizedDescription))")
        }
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(file: url.path, field: (context.codingPath + [key]).map(\.stringValue).joined(separator: "."),
                             message: "required setting is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw InputError(file: url.path, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                             message: context.debugDescription)
        } catch let DecodingError.dataCorrupted(context) {
            throw InputError(file: url.path, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                             message: context.debugDescription)
        } catch {
            throw InputError(file: url.path, message: "not valid YAML: \(error)")
        }
    }
}
