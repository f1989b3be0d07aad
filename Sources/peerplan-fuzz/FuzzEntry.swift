import Foundation
import PeerPlanFuzzTargets

// libFuzzer's entry point: built with `-sanitize=fuzzer,address -DFUZZING` (`make fuzz`), the
// fuzzer calls this with every input it makes. PEERPLAN_FUZZ_TARGET picks the target.
let fuzzTarget = ProcessInfo.processInfo.environment["PEERPLAN_FUZZ_TARGET"] ?? "csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func peerplanFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
// SwiftPM links an executable's entry point under its own name (`peerplan_fuzz_main`); with the
// fuzzer that entry point hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("peerplan_fuzz_main")
func peerplanFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, peerplanFuzzOneInput)
}
#else
/// Without the fuzzer: `peerplan-fuzz TARGET FILE…` replays inputs (a corpus, a crash file).
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.names.contains(target) else {
            FileHandle.standardError.write(Data("usage: peerplan-fuzz \(FuzzTargets.names.joined(separator: "|")) FILE...\n".utf8))
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            let files = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTargets.run(target, [UInt8](data))
                count += 1
            }
        }
        print("\(target): \(count) input\(count == 1 ? "" : "s") replayed")
    }
}
#endif
