import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Solve a placement problem given as JSON: which sessions go in which periods, and why the rest could not.",
        discussion: """
        The problem format is documented in README.md ("Placement problems"). Hard rules: every member \
        free in every period of a session (an observation's host teaching instead), one meeting per \
        teacher per period, one session of a meeting per day, at most maxMeetingsPerTeacherPerDay \
        pair/PLC/observation sessions a day. The objective is Σ priority × minutes.
        """)

    @Option(help: ArgumentHelp("The problem file (JSON).", valueName: "file"))
    var problem: String

    @Flag(help: "Print the answer as JSON.")
    var json = false

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: problem))
        } catch {
            throw InputError(file: problem, message: "cannot read the file (\(error.localizedDescription))")
        }
        let decoded: PlacementProblem
        do {
            decoded = try JSONDecoder().decode(PlacementProblem.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(file: problem, field: (context.codingPath + [key]).map(\.stringValue).joined(separator: "."), message: "required key is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw InputError(file: problem, field: context.codingPath.map(\.stringValue).joined(separator: "."), message: context.debugDescription)
        } catch {
            throw InputError(file: problem, message: "not valid JSON: \(error)")
        }
        let answer: PlacementAnswer
        do {
            answer = try PlacementSolver.solve(decoded)
        } catch {
            throw InputError(file: problem, field: error.field, message: error.message)
        }
        if json {
            print(try jsonString(answer))
            return
        }
        print(PlacementAnswerReport.text(answer), terminator: "")
    }
}
