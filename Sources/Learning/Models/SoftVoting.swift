import Matrices

/// Soft voting: several models fitted on the same rows, the score the mean of their probabilities
/// (`SoftVotingModel`), as scikit-learn's `VotingClassifier(voting="soft")` with equal weights.
///
/// Models of different families err on different masks: a regression anchored on a label-free score ranks well
/// where the rule follows that score and cannot bend where it does not, while trees on the labels alone bend to
/// any rule and, on a few dozen labels, vary with the draw. Their mean varies less than either and is rarely far
/// below the better of the two, which a few dozen labels cannot reliably tell apart (`RealismPrior`).
///
/// A member may itself be composed (`SelfTraining`) but not another vote, so that a model file's records nest at
/// most three deep.
public struct SoftVoting: Classifier {
    /// The models, in the order of the record.
    public let members: [ClassifierSpec]

    /// The most members a vote holds, in a spec and in a model file.
    public static let maximumMembers = 8

    /// A vote of `members`.
    public init(_ members: [ClassifierSpec]) {
        self.members = members
    }

    /// Each member as `kind(parameters)`, joined by `|`.
    public var parameters: String {
        members.map(\.description).joined(separator: "|")
    }

    /// Fits every member on the same rows. Refuses no members, more than `maximumMembers`, a member that is a vote
    /// and one whose scores are not probabilities.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> SoftVotingModel {
        try validateTrainingData(data, labels)
        guard (1...Self.maximumMembers).contains(members.count) else {
            throw .invalidParameter("soft voting needs 1 to \(Self.maximumMembers) models, not \(members.count)")
        }
        for member in members {
            guard member.kind != SoftVotingModel.kind, member.scoresAreProbabilities else {
                throw .invalidParameter("soft voting needs models whose scores are probabilities and that are not votes themselves, not \(member)")
            }
        }
        var records: [ClassifierRecord] = []
        for member in members {
            records.append(ClassifierRecord(try member.fit(data, labels), spec: member))
        }
        return SoftVotingModel(members: records)
    }
}

/// A soft vote (`SoftVoting`): the fitted members; the score is the mean of their probabilities.
public struct SoftVotingModel: FittedModel {
    /// The fitted members, each as its own record (`kind`, `parameters`, fields).
    public let members: [ClassifierRecord]

    /// `soft-voting`.
    public static let kind = "soft-voting"

    /// The members; each must score probabilities on as many inputs as the first.
    public init(members: [ClassifierRecord]) {
        self.members = members
    }

    /// The inputs of every member.
    public var featureCount: Int { members.first?.model.featureCount ?? 0 }

    /// The mean of the members' probabilities, row by row.
    public func scores(_ data: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: data.rows)
        for member in members {
            for (row, score) in member.model.scores(data).enumerated() where row < sums.count { sums[row] += score }
        }
        let count = Double(max(members.count, 1))
        return sums.map { $0 / count }
    }

    private enum CodingKeys: String, CodingKey {
        case members
    }

    private struct Kind: Decodable {
        let kind: String
    }

    /// `members`, an array of classifier records.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(members, forKey: .members)
    }

    /// Reads the members. Their kinds are read first: 1 to `SoftVoting.maximumMembers` of them, each a kind
    /// that scores probabilities and is not a vote (so a file cannot nest records without end); then the records,
    /// each on as many inputs as the first.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kinds = try container.decode([Kind].self, forKey: .members).map(\.kind)
        try container.require((1...SoftVoting.maximumMembers).contains(kinds.count), .members,
                              "must hold 1 to \(SoftVoting.maximumMembers) models, not \(kinds.count)")
        for kind in kinds {
            let type = ModelCatalogue.fittedTypes.first { $0.kind == kind }
            try container.require(kind != Self.kind && type?.scoresAreProbabilities != false, .members,
                                  "must hold models whose scores are probabilities and that are not votes, not '\(kind)'")
        }
        let members = try container.decode([ClassifierRecord].self, forKey: .members)
        let count = members.first?.model.featureCount ?? 0
        try container.require(members.allSatisfy { $0.model.featureCount == count }, .members,
                              "holds models of different numbers of inputs")
        self.init(members: members)
    }
}
