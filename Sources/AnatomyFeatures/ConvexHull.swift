/// The convex hull of a set of pixels, taken over their corner points (pixel `(x, y)` covers the unit square
/// `[x, x+1] x [y, y+1]`), as `scipy.spatial.ConvexHull` of those points: its area and perimeter.
public struct ConvexHull: Equatable, Sendable {
    /// The hull's vertices in order around it, without collinear points.
    public let vertices: [(x: Int, y: Int)]

    /// The hull of the corners of the pixels whose extreme columns per row are given: `rows` holds, in
    /// increasing row order, the leftmost and rightmost pixel of each row that has pixels (the hull of all
    /// the pixels' corners is the hull of these rows' outer corners).
    public init(rowExtents rows: [(y: Int, left: Int, right: Int)]) {
        // At each corner height only the outermost corners can be vertices: those of the row above it and of
        // the row below it. Taking them height by height lists the points in (y, x) order, no sort needed.
        var points: [(x: Int, y: Int)] = []
        points.reserveCapacity(rows.count * 4)
        var previous: (y: Int, left: Int, right: Int)?
        for row in rows {
            if let above = previous, above.y + 1 == row.y {
                points += [(min(above.left, row.left), row.y), (max(above.right, row.right) + 1, row.y)]
            } else {
                if let above = previous { points += [(above.left, above.y + 1), (above.right + 1, above.y + 1)] }
                points += [(row.left, row.y), (row.right + 1, row.y)]
            }
            previous = row
        }
        if let last = previous { points += [(last.left, last.y + 1), (last.right + 1, last.y + 1)] }
        // Andrew's monotone chain in exact integer arithmetic.
        func cross(_ o: (x: Int, y: Int), _ a: (x: Int, y: Int), _ b: (x: Int, y: Int)) -> Int {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [(x: Int, y: Int)] = [], upper: [(x: Int, y: Int)] = []
        for point in points {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], point) <= 0 { lower.removeLast() }
            lower.append(point)
        }
        for point in points.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], point) <= 0 { upper.removeLast() }
            upper.append(point)
        }
        vertices = points.count < 3 ? points : Array(lower.dropLast() + upper.dropLast())
    }

    /// The enclosed area (shoelace formula; exact, the vertices being integers).
    public var area: Double {
        guard vertices.count >= 3 else { return 0 }
        var twice = 0
        for index in vertices.indices {
            let a = vertices[index], b = vertices[(index + 1) % vertices.count]
            twice += a.x * b.y - b.x * a.y
        }
        return Double(abs(twice)) / 2
    }

    /// The length of the boundary.
    public var perimeter: Double {
        guard vertices.count >= 2 else { return 0 }
        var length = 0.0
        for index in vertices.indices {
            let a = vertices[index], b = vertices[(index + 1) % vertices.count]
            length += Double((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        }
        return length
    }

    /// Whether both hulls have the same vertices.
    public static func == (lhs: ConvexHull, rhs: ConvexHull) -> Bool {
        lhs.vertices.elementsEqual(rhs.vertices) { $0.x == $1.x && $0.y == $1.y }
    }
}
