import PeerPlanReports
import PeerPlanStore

/// A refused import: every error grouped by file; after an encoding error, how to import the file
/// in the encoding it was saved in.
extension ImportRefused: CommandLineDescribable {
    var commandLineMessage: String {
        ImportReportText.refusal(self, encodingHint: "If the file was saved as Windows-1252 or Latin-1 (Excel, older SIS exports), import again with --encoding windows-1252 (or --encoding latin1).")
    }
}
