/**
 * One decision tree in LightGBM's representation (struct of arrays, as in LightGBM's `tree.h`),
 * so that model.txt reads and writes field by field. Internal nodes are 0..numLeaves-2; a child
 * index < 0 is a leaf, `~child` being the leaf index. Thresholds are in feature units (not bins).
 *
 * decisionType bits (LightGBM's): bit 0 = categorical split, bit 1 = default left,
 * bits 2-3 = missing type (0 none, 1 zero, 2 NaN).
 */
export class Tree {
  numLeaves: number;
  numCat = 0;
  shrinkage = 1;
  readonly splitFeature: Int32Array;
  readonly splitGain: Float64Array;
  /** Numerical: the threshold (go left when value <= threshold). Categorical: index into catBoundaries. */
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly internalValue: Float64Array;
  readonly internalWeight: Float64Array;
  readonly internalCount: Int32Array;
  readonly leafValue: Float64Array;
  readonly leafWeight: Float64Array;
  readonly leafCount: Int32Array;
  /** Categorical splits: `catThreshold[catBoundaries[j] .. catBoundaries[j+1])` is split j's bitset. */
  catBoundaries: Int32Array;
  catThreshold: Uint32Array;

  constructor(maxLeaves: number) {
    const m = Math.max(1, maxLeaves);
    this.numLeaves = 1;
    this.splitFeature = new Int32Array(m - 1 || 1);
    this.splitGain = new Float64Array(m - 1 || 1);
    this.threshold = new Float64Array(m - 1 || 1);
    this.decisionType = new Uint8Array(m - 1 || 1);
    this.leftChild = new Int32Array(m - 1 || 1);
    this.rightChild = new Int32Array(m - 1 || 1);
    this.internalValue = new Float64Array(m - 1 || 1);
    this.internalWeight = new Float64Array(m - 1 || 1);
    this.internalCount = new Int32Array(m - 1 || 1);
    this.leafValue = new Float64Array(m);
    this.leafWeight = new Float64Array(m);
    this.leafCount = new Int32Array(m);
    this.catBoundaries = new Int32Array([0]);
    this.catThreshold = new Uint32Array(0);
  }
}
