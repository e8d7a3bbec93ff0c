import AnatomyFeatures
import MaskImage
import SeededRandom
import Testing

/// Runs and their groups against a pixel-by-pixel flood fill, on random masks of every width around the
/// 64-bit word boundaries.
struct PixelRunsTests {
    /// Random masks: rectangles and specks over noise of a random density.
    static func randomMasks(count: Int, seed: UInt64) -> [BinaryMask] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let width = 1 + random.integer(below: 200), height = 1 + random.integer(below: 40)
            var mask = BinaryMask(width: width, height: height)
            let density = random.uniform(0, 0.6)
            for y in 0..<height { for x in 0..<width where random.uniform(0, 1) < density { mask[x, y] = true } }
            for _ in 0..<random.integer(below: 4) {
                let x0 = random.integer(below: width), y0 = random.integer(below: height)
                let x1 = min(width, x0 + random.integer(below: 80)), y1 = min(height, y0 + random.integer(below: 20))
                let fill = random.uniform(0, 1) < 0.5
                for y in y0..<y1 { for x in x0..<x1 { mask[x, y] = fill } }
            }
            return mask
        }
    }

    /// Each pixel's group by flood fill (`-1` for pixels not `set`), numbered in raster order of first pixels.
    static func floodGroups(_ mask: BinaryMask, set: Bool, diagonal: Bool) -> [Int] {
        var group = [Int](repeating: -1, count: mask.width * mask.height)
        var count = 0
        for start in group.indices where group[start] < 0 && mask[start % mask.width, start / mask.width] == set {
            group[start] = count
            var stack = [start]
            while let index = stack.popLast() {
                let x = index % mask.width, y = index / mask.width
                for dy in -1...1 {
                    for dx in -1...1 where (dx != 0 || dy != 0) && (diagonal || dx == 0 || dy == 0) {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, nx < mask.width, ny >= 0, ny < mask.height else { continue }
                        let neighbour = ny * mask.width + nx
                        if group[neighbour] < 0 && mask[nx, ny] == set {
                            group[neighbour] = count
                            stack.append(neighbour)
                        }
                    }
                }
            }
            count += 1
        }
        return group
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func groupsMatchAFloodFill(background: Bool, diagonal: Bool) {
        for mask in Self.randomMasks(count: 150, seed: 5) {
            let runs = PixelRuns(mask, background: background)
            var fromRuns = [Int](repeating: -1, count: mask.width * mask.height)
            let groups = runs.groups(diagonal: diagonal)
            for (run, group) in zip(runs.runs, groups.group) {
                #expect(run.start < run.end && run.end <= mask.width)
                for x in run.start..<run.end { fromRuns[run.y * mask.width + x] = Int(group) }
            }
            let flood = Self.floodGroups(mask, set: !background, diagonal: diagonal)
            #expect(fromRuns == flood, "\(mask.width)x\(mask.height), background \(background), diagonal \(diagonal)")
            #expect(groups.count == (flood.max() ?? -1) + 1)
        }
    }

    @Test func componentAreasAndHolesMatchAFloodFill() throws {
        for mask in Self.randomMasks(count: 150, seed: 6) where mask.foregroundCount > 0 {
            let labeling = ComponentLabeling(mask)
            let flood = Self.floodGroups(mask, set: true, diagonal: true)
            var areas = [Int](repeating: 0, count: (flood.max() ?? -1) + 1)
            for group in flood where group >= 0 { areas[group] += 1 }
            #expect(labeling.areas == areas)

            // Holes: background groups (4-connected) with no pixel on the border.
            let background = Self.floodGroups(mask, set: false, diagonal: false)
            var border = Set<Int>()
            for y in 0..<mask.height {
                for x in 0..<mask.width where x == 0 || y == 0 || x == mask.width - 1 || y == mask.height - 1 {
                    border.insert(background[y * mask.width + x])
                }
            }
            let holes = background.filter { $0 >= 0 && !border.contains($0) }.count
            let features = try #require(AnatomyFeatures(mask))
            let area = mask.foregroundCount
            #expect(features.values[3] == Double(holes) / Double(area + holes), "\(mask.width)x\(mask.height)")
        }
    }
}
