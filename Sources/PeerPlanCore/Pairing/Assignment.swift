/// Exact minimum-cost assignment (the Hungarian method with potentials, shortest augmenting
/// paths; O(n² m)). Every row is assigned a distinct column; needs rows ≤ columns.
/// Costs are 64-bit integers so that ties can be broken by a perturbation without rounding.
package enum Assignment {
    /// Returns, for each row, its column.
    package static func solve(rows: Int, columns: Int, cost: (Int, Int) -> Int64) -> [Int] {
        var matrix = [Int64](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { matrix[i * columns + j] = cost(i, j) } }
        return solve(rows: rows, columns: columns, matrix: matrix)
    }

    /// The same over a row-major `rows × columns` matrix. Nearly square problems go to the
    /// Jonker–Volgenant algorithm (padded with zero rows), very wide ones to the Hungarian method,
    /// whose cost grows with rows² × columns.
    package static func solve(rows: Int, columns: Int, matrix: [Int64]) -> [Int] {
        precondition(rows <= columns, "the assignment needs at least as many columns as rows")
        precondition(matrix.count == rows * columns, "the matrix has the wrong size")
        if rows == 0 { return [] }
        if columns <= 2 * rows {
            var square = matrix
            if columns > rows { square += [Int64](repeating: 0, count: (columns - rows) * columns) }
            return Array(jonkerVolgenant(n: columns, cost: square).prefix(rows))
        }
        return hungarian(rows: rows, columns: columns, matrix: matrix)
    }

    static func hungarian(rows n: Int, columns m: Int, matrix: [Int64]) -> [Int] {
        let inf = Int64.max / 4
        var u = [Int64](repeating: 0, count: n + 1)
        var v = [Int64](repeating: 0, count: m + 1)
        var p = [Int](repeating: 0, count: m + 1) // p[j]: row (1-based) assigned to column j
        var way = [Int](repeating: 0, count: m + 1)
        var minv = [Int64](repeating: 0, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
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

    /// Jonker & Volgenant (1987), dense square LAP: column reduction, reduction transfer, two
    /// rounds of augmenting row reduction, then shortest augmenting paths for the rows still free.
    static func jonkerVolgenant(n: Int, cost matrix: [Int64]) -> [Int] {
        let big = Int64.max / 4
        var rowsol = [Int](repeating: -1, count: n)
        var colsol = [Int](repeating: -1, count: n)
        var v = [Int64](repeating: 0, count: n)
        var matches = [Int](repeating: 0, count: n)
        var free = [Int](repeating: 0, count: n)
        var d = [Int64](repeating: 0, count: n)
        var pred = [Int](repeating: 0, count: n)
        var collist = [Int](repeating: 0, count: n)
        matrix.withUnsafeBufferPointer { c in
            // Column reduction.
            for j in stride(from: n - 1, through: 0, by: -1) {
                var minimum = c[j]
                var imin = 0
                for i in 1..<max(n, 1) where c[i * n + j] < minimum {
                    minimum = c[i * n + j]
                    imin = i
                }
                v[j] = minimum
                matches[imin] += 1
                if matches[imin] == 1 {
                    rowsol[imin] = j
                    colsol[j] = imin
                } else if v[j] < v[rowsol[imin]] {
                    let j1 = rowsol[imin]
                    rowsol[imin] = j
                    colsol[j] = imin
                    colsol[j1] = -1
                } else {
                    colsol[j] = -1
                }
            }
            // Reduction transfer.
            var numFree = 0
            for i in 0..<n {
                if matches[i] == 0 {
                    free[numFree] = i
                    numFree += 1
                } else if matches[i] == 1 {
                    let j1 = rowsol[i]
                    var minimum = big
                    let row = i * n
                    for j in 0..<n where j != j1 {
                        let h = c[row + j] - v[j]
                        if h < minimum { minimum = h }
                    }
                    if minimum < big { v[j1] -= minimum }
                }
            }
            // Augmenting row reduction, twice.
            for _ in 0..<2 {
                var k = 0
                let previousFree = numFree
                numFree = 0
                while k < previousFree {
                    let i = free[k]
                    k += 1
                    let row = i * n
                    var umin = c[row] - v[0]
                    var j1 = 0
                    var j2 = 0
                    var usubmin = big
                    if n > 1 {
                        for j in 1..<n {
                            let h = c[row + j] - v[j]
                            if h < usubmin {
                                if h >= umin {
                                    usubmin = h
                                    j2 = j
                                } else {
                                    usubmin = umin
                                    umin = h
                                    j2 = j1
                                    j1 = j
                                }
                            }
                        }
                    }
                    var i0 = colsol[j1]
                    if umin < usubmin {
                        v[j1] -= usubmin - umin
                    } else if i0 >= 0 {
                        j1 = j2
                        i0 = colsol[j2]
                    }
                    rowsol[i] = j1
                    colsol[j1] = i
                    if i0 >= 0 {
                        rowsol[i0] = -1
                        if umin < usubmin {
                            k -= 1
                            free[k] = i0
                        } else {
                            free[numFree] = i0
                            numFree += 1
                        }
                    }
                }
            }
            // Shortest augmenting paths for the remaining free rows.
            for f in 0..<numFree {
                let freeRow = free[f]
                let frow = freeRow * n
                for j in 0..<n {
                    d[j] = c[frow + j] - v[j]
                    pred[j] = freeRow
                    collist[j] = j
                }
                var low = 0, up = 0, last = 0
                var endOfPath = -1
                var minimum: Int64 = 0
                while endOfPath < 0 {
                    if up == low {
                        last = low - 1
                        minimum = d[collist[up]]
                        up += 1
                        var k = up
                        while k < n {
                            let j = collist[k]
                            let h = d[j]
                            if h <= minimum {
                                if h < minimum {
                                    up = low
                                    minimum = h
                                }
                                collist[k] = collist[up]
                                collist[up] = j
                                up += 1
                            }
                            k += 1
                        }
                        for k in low..<up where colsol[collist[k]] < 0 {
                            endOfPath = collist[k]
                            break
                        }
                    }
                    if endOfPath < 0 {
                        let j1 = collist[low]
                        low += 1
                        let i = colsol[j1]
                        let row = i * n
                        let h = c[row + j1] - v[j1] - minimum
                        var k = up
                        while k < n {
                            let j = collist[k]
                            let v2 = c[row + j] - v[j] - h
                            if v2 < d[j] {
                                pred[j] = i
                                if v2 == minimum {
                                    if colsol[j] < 0 {
                                        endOfPath = j
                                        break
                                    }
                                    collist[k] = collist[up]
                                    collist[up] = j
                                    up += 1
                                }
                                d[j] = v2
                            }
                            k += 1
                        }
                    }
                }
                // Update the prices of the columns scanned.
                if last >= 0 {
                    for k in 0...last {
                        let j1 = collist[k]
                        v[j1] += d[j1] - minimum
                    }
                }
                // Flip the alternating path.
                var i = 0
                repeat {
                    i = pred[endOfPath]
                    colsol[endOfPath] = i
                    let j1 = endOfPath
                    endOfPath = rowsol[i]
                    rowsol[i] = j1
                } while i != freeRow
            }
        }
        return rowsol
    }
}
