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

    /// Labels `mask` (two passes with union-find over the 8-neighbourhood, visiting only foreground bits).
    public init(_ mask: BinaryMask) {
        let width = mask.width, height = mask.height, wordsPerRow = mask.wordsPerRow
        self.width = width
        self.height = height
        var labels = [Int32](repeating: 0, count: width * height)
        // A provisional label per new run start at most: no more than half the pixels, rounded up, plus one.
        var parent = [Int32](repeating: 0, count: width * height / 2 + 2)
        var next: Int32 = 1
        labels.withUnsafeMutableBufferPointer { labels in
            parent.withUnsafeMutableBufferPointer { parent in
                @inline(__always) func find(_ label: Int32) -> Int32 {
                    var root = label
                    while parent[Int(root)] != root { root = parent[Int(root)] }
                    var node = label
                    while parent[Int(node)] != root {
                        let up = parent[Int(node)]
                        parent[Int(node)] = root
                        node = up
                    }
                    return root
                }
                @inline(__always) func join(_ found: Int32, _ neighbour: Int32) -> Int32 {
                    guard neighbour != 0 else { return found }
                    guard found != 0 else { return find(neighbour) }
                    let a = find(found), b = find(neighbour)
                    if a != b { parent[Int(max(a, b))] = min(a, b) }
                    return min(a, b)
                }
                for y in 0..<height {
                    let row = y * width, above = row - width
                    for wordIndex in 0..<wordsPerRow {
                        var word = mask.words[y * wordsPerRow + wordIndex]
                        while word != 0 {
                            let x = wordIndex * 64 + word.trailingZeroBitCount
                            word &= word - 1
                            // Neighbours already visited: west, north-west, north, north-east.
                            var found: Int32 = 0
                            if x > 0 { found = join(found, labels[row + x - 1]) }
                            if y > 0 {
                                if x > 0 { found = join(found, labels[above + x - 1]) }
                                found = join(found, labels[above + x])
                                if x + 1 < width { found = join(found, labels[above + x + 1]) }
                            }
                            if found == 0 {
                                found = next
                                parent[Int(next)] = next
                                next += 1
                            }
                            labels[row + x] = found
                        }
                    }
                }
                // Final labels in the raster order of each component's first pixel: roots are met in that order.
                var final = [Int32](repeating: 0, count: Int(next))
                var count: Int32 = 0
                for index in 0..<labels.count where labels[index] != 0 {
                    let root = Int(find(labels[index]))
                    if final[root] == 0 {
                        count += 1
                        final[root] = count
                    }
                    labels[index] = final[root]
                }
            }
        }
        var areas: [Int] = []
        for label in labels where label != 0 {
            while areas.count < Int(label) { areas.append(0) }
            areas[Int(label) - 1] += 1
        }
        self.labels = labels
        self.areas = areas
    }

    /// Labels ordered by area, largest first; equal areas keep label order.
    public var bySize: [Int32] {
        areas.indices.sorted { areas[$0] != areas[$1] ? areas[$0] > areas[$1] : $0 < $1 }.map { Int32($0 + 1) }
    }
}
