import MaskImage

/// Binary dilation of `mask` by the square `(2 radius + 1) x (2 radius + 1)` structuring element,
/// with pixels outside the mask counting as background (as `scipy.ndimage.binary_dilation` with
/// `border_value=0` and `cv2.dilate` with its default border).
///
/// The square element is separable, so the mask is dilated along rows, then along columns. Each
/// direction grows the covered window by doubling: after covering `[-c, c]`, OR-ing in the shifts by
/// `±s` with `s <= c + 1` covers `[-(c + s), c + s]`, so a radius `r` takes about `log2 r` steps.
public func binaryDilation(_ mask: BinaryMask, radius: Int) -> BinaryMask {
    precondition(radius >= 0, "dilation radius must not be negative")
    guard radius > 0, mask.width > 0, mask.height > 0 else { return mask }
    let wordsPerRow = mask.wordsPerRow
    let height = mask.height
    let count = mask.words.count
    let lastWordBits = BinaryMask.lowBits(mask.width % 64 == 0 ? 64 : mask.width % 64)
    let words = [UInt64](unsafeUninitializedCapacity: count) { output, initialized in
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        defer { scratch.deallocate() }
        let current = output.baseAddress!
        mask.words.withUnsafeBufferPointer { current.initialize(from: $0.baseAddress!, count: count) }
        initialized = count

        // Along rows: each step ORs in the columns `step` to the left and right, as they were before the step.
        var covered = 0
        while covered < radius {
            let step = min(covered + 1, radius - covered)
            covered += step
            scratch.update(from: current, count: count)
            for y in 0..<height {
                orShifted(current + y * wordsPerRow, scratch + y * wordsPerRow, wordsPerRow, step)
                current[y * wordsPerRow + wordsPerRow - 1] &= lastWordBits
            }
        }
        // Along columns: each step ORs in the rows `step` above and below, as they were before the step.
        covered = 0
        while covered < radius {
            let step = min(covered + 1, radius - covered)
            covered += step
            scratch.update(from: current, count: count)
            let offset = step * wordsPerRow
            if offset < count {
                for k in offset..<count { current[k] |= scratch[k - offset] }
                for k in 0..<count - offset { current[k] |= scratch[k + offset] }
            }
        }
    }
    return BinaryMask(width: mask.width, height: mask.height, packedWords: words)
}

/// ORs into `row` the copy `before` shifted by `step` columns both ways (bits shifted out of the row are lost).
@inline(__always)
private func orShifted(_ row: UnsafeMutablePointer<UInt64>, _ before: UnsafeMutablePointer<UInt64>, _ words: Int, _ step: Int) {
    let wordShift = step >> 6
    let bitShift = UInt64(step & 63)
    for k in 0..<words {
        var gained: UInt64 = 0
        if k >= wordShift {  // column c gains column c - step
            gained |= before[k - wordShift] << bitShift
            if bitShift != 0 && k > wordShift { gained |= before[k - wordShift - 1] >> (64 - bitShift) }
        }
        if k + wordShift < words {  // column c gains column c + step
            gained |= before[k + wordShift] >> bitShift
            if bitShift != 0 && k + wordShift + 1 < words { gained |= before[k + wordShift + 1] << (64 - bitShift) }
        }
        row[k] |= gained
    }
}
