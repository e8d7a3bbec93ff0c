/// The convex hull of a set of pixels, taken over their corner points (pixel `(x, y)` covers the unit square
/// `[x, x+1] x [y, y+1]`), as `scipy.spatial.ConvexHull` of those points: its area and perimeter.
public struct ConvexHull: Equatable, Sendable {
    /// The hull's vertices, counter-clockwise (in x-right, y-down coordinates, clockwise on screen), without
    /// collinear points.
    public let vertices: [(x: Int, y: Int)]

    /// The hull of the corners of the pixels whose extreme columns per row are given: `rows[y]` holds the
    /// leftmost and rightmost pixel of row `y`, nil for a row without pixels (the hull of all the pixels'
    /// corners is the hull of these rows' outer corners).
    public init(rowExtents rows: [(y: Int, left: Int, right: Int)]) {
        var points: [(x: Int, y: Int)] = []
        points.reserveCapacity(rows.count * 4)
        for row in rows {
            points += [(row.left, row.y), (row.left, row.y + 1), (row.right + 1, row.y), (row.right + 1, row.y + 1)]
        }
        points.sort { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
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
