package org.nufft4j.reduce;

/** How an operation ({@link Unary.Op}, {@link Binary.Op}) maps the components of its operands. */
public enum OpShape {
    /** Component by component (the operand's dimension); a binary one broadcasts a scalar operand. */
    ELEMENTWISE,
    /** A sum over the components (of the operand, or of a product or difference of two): a scalar. */
    COMPONENT_SUM
}
