import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

extension Publisher {
    /// Writes a school's calendars under `directory`; returns what was written.
    @discardableResult
    package func export(school: String, teacher: String? = nil, to directory: URL, stamp: UTCDateTime, now: Date = Date()) throws -> [RenderedCalendar] {
        let calendars = try documents(school: school, only: teacher.map { .teacher($0) }, stamp: stamp, now: now)
        for calendar in calendars { try write(calendar, under: directory) }
        return calendars
    }

    /// Exports many schools: laid out in one transaction, then written as iCalendar on every core.
    /// Returns the number of files and events written.
    package func exportAll(schools: [String], to directory: URL, stamp: UTCDateTime, now: Date = Date(),
                          progress: (@Sendable (Int) -> Void)? = nil) throws -> (files: Int, events: Int) {
        let pending = try plan(schools: schools, now: now)
        // Folders first, once each, so the parallel writers only write files; what an export
        // that was killed left half-written (hidden `.….partial-…` files) goes.
        for folder in Set(pending.map { directory.appendingPathComponent($0.path).deletingLastPathComponent().path }).sorted() {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            Self.removePartialFiles(in: folder)
        }
        final class Outcome: @unchecked Sendable {
            let lock = NSLock()
            var error: Error?
            var done = 0, events = 0
        }
        let outcome = Outcome()
        DispatchQueue.concurrentPerform(iterations: pending.count) { k in
            do {
                let calendar = try pending[k].render(stamp: stamp)
                try Self.writeFile(calendar.text, to: directory.appendingPathComponent(calendar.path).path)
                outcome.lock.lock()
                outcome.done += 1
                outcome.events += calendar.events
                let done = outcome.done
                outcome.lock.unlock()
                if done % 256 == 0 || done == pending.count { progress?(done) }
            } catch {
                outcome.lock.lock()
                if outcome.error == nil { outcome.error = error }
                outcome.lock.unlock()
            }
        }
        if let error = outcome.error { throw error }
        return (pending.count, outcome.events)
    }

    /// Part of the name of a file being written (`.NAME.partial-PID-N`).
    static let partialMarker = ".partial-"

    /// Removes what a killed export left half-written in `folder`.
    static func removePartialFiles(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(".") && name.contains(partialMarker) {
            unlink(folder + "/" + name)
        }
    }

    func write(_ calendar: RenderedCalendar, under directory: URL) throws {
        let url = directory.appendingPathComponent(calendar.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.writeFile(calendar.text, to: url.path)
    }

    /// Writes a file atomically (a hidden temporary file beside it, then rename) with plain POSIX
    /// calls: Foundation's `Data.write` cost about 1 ms a file here, more than rendering the
    /// calendar. A process killed mid-write leaves the old file whole and a `.NAME.partial-…`
    /// file, which the next export of that folder removes.
    static func writeFile(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            "." + url.lastPathComponent + Self.partialMarker + "\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PublishingError.cannotWriteFile(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw PublishingError.cannotWriteFile(path: path, reason: String(cString: strerror(failure)))
        }
    }
}
