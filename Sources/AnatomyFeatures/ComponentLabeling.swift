import MaskImage

/// The 8-connected components of a mask's foreground, as scipy's `ndimage.label(mask, np.ones((3, 3)))` and
/// scikit-image's `measure.label(mask, connectivity=2)` find them: two foreground pixels are connected when
/// they touch at an edge or a corner. Labels count from 1 in the raster order of each component's first pixel.
public struct ComponentLabeling: Sendable {
    /// Mask width and height.
    public let width: Int, height: Int
    /// The label of every pixel, row-major; 0 is background.
    public let labels: [Int32]
    /// Pixels per component; `areas[k - 1]` is the area of label `k`.
    public let areas: [Int]

    /// Labels `mask` (two passes with union-find over the 8-neighbourhood).
    public init(_ mask: BinaryMask) {
        width = mask.width
        height = mask.height
        var labels = [Int32](repeating: 0, count: width * height)
        var parent: [Int32] = [0]
        func find(_ label: Int32) -> Int32 {
            var root = label
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = label
            while parent[Int(node)] != root {
                let next = parent[Int(node)]
                parent[Int(node)] = root
                node = next
            }
            return root
        }
        for y in 0..<height {
            for x in 0..<width where mask[x, y] {
                // Neighbours already visited: west, north-west, north, north-east.
                var found: Int32 = 0
                for (dx, dy) in [(-1, 0), (-1, -1), (0, -1), (1, -1)] {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, nx < width, ny >= 0 else { continue }
                    let neighbour = labels[ny * width + nx]
                    guard neighbour != 0 else { continue }
                    if found == 0 {
                        found = find(neighbour)
                    } else {
                        let (a, b) = (find(found), find(neighbour))
                        if a != b {
                            parent[Int(max(a, b))] = min(a, b)
                            found = min(a, b)
                        }
                    }
                }
                if found == 0 {
                    found = Int32(parent.count)
                    parent.append(found)
                }
                labels[y * width + x] = found
            }
        }
        // Final labels in the raster order of each component's first pixel: roots are met in that order.
        var final = [Int32](repeating: 0, count: parent.count)
        var areas: [Int] = []
        for index in labels.indices where labels[index] != 0 {
            let root = Int(find(labels[index]))
            if final[root] == 0 {
                areas.append(0)
                final[root] = Int32(areas.count)
            }
            labels[index] = final[root]
            areas[Int(final[root]) - 1] += 1
        }
        self.labels = labels
        self.areas = areas
    }

    /// Labels ordered by area, largest first; equal areas keep label order.
    public var bySize: [Int32] {
        areas.indices.sorted { areas[$0] != areas[$1] ? areas[$0] > areas[$1] : $0 < $1 }.map { Int32($0 + 1) }
    }
}
