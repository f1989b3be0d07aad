import Foundation
import GRDB

/// Reading schools on several connections at once, for the commands that work school by school
/// (`pairs propose`, `plcs propose`, `schedule` of every school).
///
/// Profiling `pairs propose --all-schools` at 1,800 schools showed ~90% of its time in SQLite
/// reads on the store's one connection, with one core busy; the engines were already parallel.
/// So such a command now takes the write lock first (`writeLocked`), then reads disjoint slices
/// of its schools on read-only connections (one per core), each school's input going to the
/// engine on the same thread as soon as it is read, and records the results on the writer in
/// school id order, as before.
///
/// Why the readers see exactly what the writer sees: `writeLocked` begins an IMMEDIATE
/// transaction, which takes SQLite's write lock before anything is read. In WAL mode a reader's
/// snapshot is the last committed state; while we hold the write lock no other connection (of
/// this process or another) can commit, and the writer has written nothing yet when the readers
/// read, so the last committed state is the writer's own view. Reads and writes of the command
/// thus see one state: nothing can slip in between the parallel reads and the recording. (With
/// a DEFERRED transaction another process could commit between the readers' snapshots and our
/// first write.)
extension Store {
    /// Runs `body` in one IMMEDIATE transaction on the writer: the write lock is taken before the
    /// first read and held until the commit (all or nothing, as `writer.write`).
    func writeLocked<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var value: T?
            try db.inTransaction(.immediate) {
                value = try body(db)
                return .commit
            }
            return value!
        }
    }

    /// A read-only connection to the store's file, beside the writer. Opening it changes no byte
    /// of the file (it cannot write; the WAL index it needs is the writer's, already there).
    func openReader() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.foreignKeysEnabled = true
        configuration.label = "PeerPlan reader"
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// `read(db, k)` for k in 0..<count, on up to `readers` read-only connections at once, each
    /// taking every `readers`-th item (disjoint slices); results in item order. Call it inside
    /// `writeLocked`, before writing anything (see above). With one reader (or one item) every
    /// item is read on `writer`, the caller's connection. `progress` is called with the number done.
    ///
    /// Errors: the error of the first failing item (by index) is thrown, as a loop over the items
    /// in order would: each connection works through its slice in order and stops at its first
    /// failure, so every item before the first failing one has been read.
    func readInParallel<T>(_ count: Int, on writer: Database, progress: (@Sendable (Int) -> Void)? = nil,
                           _ read: @Sendable (Database, Int) throws -> T) throws -> [T] {
        let connections = min(readers, count)
        guard connections > 1 else {
            return try (0..<count).map { k in
                let value = try read(writer, k)
                progress?(k + 1)
                return value
            }
        }
        let results = ParallelResults<T>(count)
        DispatchQueue.concurrentPerform(iterations: connections) { slice in
            do {
                let reader = try openReader()
                try reader.read { db in
                    for k in stride(from: slice, to: count, by: connections) {
                        let value: T
                        do { value = try read(db, k) } catch {
                            _ = results.put(k, .failure(error))
                            return
                        }
                        let done = results.put(k, .success(value))
                        progress?(done)
                    }
                }
            } catch {
                // Opening the connection (or ending its read) failed: the slice's first item says so.
                results.fail(slice, error)
            }
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for k in 0..<count {
            guard let result = results.values[k] else { preconditionFailure("item \(k) neither read nor failed") }
            values.append(try result.get())
        }
        return values
    }
}

/// What `readInParallel`'s connections have read (or failed to), by item.
private final class ParallelResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<T, Error>?]
    private var done = 0

    init(_ count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores item `k`'s outcome; returns how many items have been read so far.
    func put(_ k: Int, _ value: Result<T, Error>) -> Int {
        lock.lock()
        defer { lock.unlock() }
        values[k] = value
        if case .success = value { done += 1 }
        return done
    }

    /// Item `k` failed, whatever was stored for it.
    func fail(_ k: Int, _ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        values[k] = .failure(error)
    }
}
