/// Exact minimum-cost assignment (the Hungarian method with potentials, shortest augmenting
/// paths; O(n² m)). Every row is assigned a distinct column; needs rows ≤ columns.
/// Costs are 64-bit integers so that ties can be broken by a perturbation without rounding.
public enum Assignment {
    /// Returns, for each row, its column.
    public static func solve(rows: Int, columns: Int, cost: (Int, Int) -> Int64) -> [Int] {
        precondition(rows <= columns, "the assignment needs at least as many columns as rows")
        if rows == 0 { return [] }
        let n = rows, m = columns
        let inf = Int64.max / 4
        var u = [Int64](repeating: 0, count: n + 1)
        var v = [Int64](repeating: 0, count: m + 1)
        var p = [Int](repeating: 0, count: m + 1) // p[j]: row (1-based) assigned to column j
        var way = [Int](repeating: 0, count: m + 1)
        var minv = [Int64](repeating: 0, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        // Row-major cost matrix, computed once.
        var matrix = [Int64](repeating: 0, count: n * m)
        for i in 0..<n { for j in 0..<m { matrix[i * m + j] = cost(i, j) } }
        matrix.withUnsafeBufferPointer { a in
            for i in 1...n {
                p[0] = i
                var j0 = 0
                for j in 0...m { minv[j] = inf; used[j] = false }
                repeat {
                    used[j0] = true
                    let i0 = p[j0]
                    var delta = inf
                    var j1 = 0
                    let row = (i0 - 1) * m
                    let ui0 = u[i0]
                    for j in 1...m where !used[j] {
                        let current = a[row + j - 1] - ui0 - v[j]
                        if current < minv[j] {
                            minv[j] = current
                            way[j] = j0
                        }
                        if minv[j] < delta {
                            delta = minv[j]
                            j1 = j
                        }
                    }
                    for j in 0...m {
                        if used[j] {
                            u[p[j]] += delta
                            v[j] -= delta
                        } else {
                            minv[j] -= delta
                        }
                    }
                    j0 = j1
                } while p[j0] != 0
                repeat {
                    let j1 = way[j0]
                    p[j0] = p[j1]
                    j0 = j1
                } while j0 != 0
            }
        }
        var result = [Int](repeating: -1, count: n)
        for j in 1...m where p[j] != 0 { result[p[j] - 1] = j - 1 }
        return result
    }
}
