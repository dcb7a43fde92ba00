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
    const ni = m - 1 || 1;
    this.numLeaves = 1;
    // every array in one buffer: one allocation per tree instead of twelve (float64 arrays first)
    const buf = new ArrayBuffer(8 * (4 * ni + 2 * m) + 4 * (4 * ni + m) + ni);
    let o = 0;
    const f64 = (len: number): Float64Array => {
      const a = new Float64Array(buf, o, len);
      o += 8 * len;
      return a;
    };
    const i32 = (len: number): Int32Array => {
      const a = new Int32Array(buf, o, len);
      o += 4 * len;
      return a;
    };
    this.splitGain = f64(ni);
    this.threshold = f64(ni);
    this.internalValue = f64(ni);
    this.internalWeight = f64(ni);
    this.leafValue = f64(m);
    this.leafWeight = f64(m);
    this.splitFeature = i32(ni);
    this.leftChild = i32(ni);
    this.rightChild = i32(ni);
    this.internalCount = i32(ni);
    this.leafCount = i32(m);
    this.decisionType = new Uint8Array(buf, o, ni);
    this.catBoundaries = new Int32Array([0]);
    this.catThreshold = new Uint32Array(0);
  }

  /** Makes this tree a single leaf again, to be grown anew (its arrays are reused). */
  reset(): void {
    this.numLeaves = 1;
    this.numCat = 0;
    this.shrinkage = 1;
    if (this.catThreshold.length > 0) {
      this.catBoundaries = new Int32Array([0]);
      this.catThreshold = new Uint32Array(0);
    }
  }
}
