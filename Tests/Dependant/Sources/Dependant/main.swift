import LatentPrefilter
import Learning
import MaskImage
import Matrices

// A logistic regression on four rows, a mask's pixel count and a group name's check: one use of each product.
let data = Matrix(rows: 4, columns: 1, values: [0, 1, 2, 3])
let model = try LogisticRegression().fit(data ?? Matrix(rows: 0, columns: 1), [false, false, true, true])
var mask = BinaryMask(width: 70, height: 2)
mask[69, 1] = true
print("scores: \(model.scores(data ?? Matrix(rows: 0, columns: 1)).map { ($0 * 100).rounded() / 100 })")
print("pixels: \(mask.foregroundCount)")
print("group name problem: \(GroupName.problem("18_24f") ?? "none")")
