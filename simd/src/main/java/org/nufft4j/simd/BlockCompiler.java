package org.nufft4j.simd;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nufft4j.reduce.Binary;
import org.nufft4j.reduce.Concat;
import org.nufft4j.reduce.Constant;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.OpShape;
import org.nufft4j.reduce.OpCost;
import org.nufft4j.reduce.PowerOf;
import org.nufft4j.reduce.Program;
import org.nufft4j.reduce.Select;
import org.nufft4j.reduce.Unary;
import org.nufft4j.reduce.Variable;

/**
 * Generates, once per formula, hidden classes that compute the formula's varying nodes over a
 * block with every intermediate in a local variable (docs/design.md, Kernel reductions: one class
 * per formula, generated at run time with the java.lang.classfile API, for the JIT to fuse).
 *
 * <p>Each generated {@code block} method is a loop over the block's vectors whose body is
 * straight-line code: for each varying node, in program order, it loads the operands (a local
 * for a varying operand; for a row invariant, a local loaded once before the loop), applies the
 * node's operation and keeps the result in a new local; values read later, and the root, are
 * written to the workspace, or, for a SUM over a full block, the root is added to the L lane
 * sums, which stay in registers for the whole block (the interpreter adds in the same order).
 * The operations are emitted as direct calls of the Vector API, the same sequences as the
 * bodies of {@link VectorOps} (which the block interpreter runs), exp included (the operations
 * of {@link VectorMath#exp}), so both paths give the same bits (tested bitwise).
 *
 * <p>Why direct calls: the Vector API's methods are force-inlined, which C2's node-count cutoff
 * (NodeCountInliningCutoff) does not stop, while a call of a small wrapper such as VectorOps.add
 * is subject to it; once a method grows past the cutoff, every wrapper call left out of line
 * boxes its vectors. With wrappers, chunks above 16 cost units fell off that cliff (the
 * rewritten Laplacian as one chunk of 18 units ran 4x slower) and exp had to run out of line;
 * with direct calls a 64-unit chunk holds the Gaussian sum, gradient and Laplacian whole, exp
 * inline (ReductionBench; README). log, sin, cos and pow still run out of line through the
 * workspace ({@code VectorOps.logAt}, ...). A longer formula is cut into chunks of at most
 * {@value #CHUNK_COST} cost units, one class each, called through method handles so that C2
 * compiles each alone (see {@link Chunks}); more than {@value #MAX_CHUNKS} chunks are left to
 * the interpreter.
 */
final class BlockCompiler {

    /** One block (bl lanes, L at a time) of the varying nodes of one formula. */
    interface BlockProgram {
        /**
         * @param w the workspace: component k of node slot s, lane l at {@code (s + k) bl + l}
         * @param t component-major data of the reduced side: {@code t[index][k padded + q]}
         * @param q0 reduced index of lane 0 of the block
         * @param padded stride of the components in t
         * @param bl lanes per block, a multiple of L
         * @param sum null to store the root's value in the workspace; else the SUM reduction's
         *     lane sums, component k lane l (l &lt; L) at {@code k L + l}, to which the root's
         *     value is added instead, vector after vector (a SUM over a full block)
         */
        void block(double[] w, double[][] t, int q0, int padded, int bl, double[] sum);
    }

    /**
     * The float twin of {@link BlockProgram}: one block of the varying nodes in float lanes
     * ({@link FloatVectorOps#L} at a time), the same layout and arguments in float arrays.
     */
    interface FloatBlockProgram {
        /** As {@link BlockProgram#block}, in float. */
        void block(float[] w, float[][] t, int q0, int padded, int bl, float[] sum);
    }

    /**
     * The element type a generated class computes in: one generator, its descriptors mapped
     * from the double ones ({@link #of(ClassDesc)}: DoubleVector to FloatVector, LongVector to
     * IntVector, double to float, long to int, {@link VectorOps} to {@link FloatVectorOps}), the
     * exp constants of {@link VectorMath} or {@link FloatVectorMath}.
     */
    enum Element {
        DOUBLE,
        FLOAT;

        private static final ClassDesc DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
        private static final ClassDesc FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
        private static final ClassDesc LV = ClassDesc.of("jdk.incubator.vector.LongVector");
        private static final ClassDesc IV = ClassDesc.of("jdk.incubator.vector.IntVector");
        private static final ClassDesc DOPS = ClassDesc.of(VectorOps.class.getName());
        private static final ClassDesc FOPS = ClassDesc.of(FloatVectorOps.class.getName());

        /** The float descriptor of a double one (itself for DOUBLE). */
        ClassDesc of(ClassDesc c) {
            if (this == DOUBLE) {
                return c;
            }
            if (c.isArray()) {
                return of(c.componentType()).arrayType();
            }
            if (c.equals(DV)) {
                return FV;
            }
            if (c.equals(LV)) {
                return IV;
            }
            if (c.equals(DOPS)) {
                return FOPS;
            }
            if (c.equals(ConstantDescs.CD_double)) {
                return ConstantDescs.CD_float;
            }
            if (c.equals(ConstantDescs.CD_long)) {
                return ConstantDescs.CD_int;
            }
            return c;
        }

        MethodTypeDesc of(MethodTypeDesc t) {
            if (this == DOUBLE) {
                return t;
            }
            var params = new ClassDesc[t.parameterCount()];
            for (int i = 0; i < params.length; i++) {
                params[i] = of(t.parameterType(i));
            }
            return MethodTypeDesc.of(of(t.returnType()), params);
        }

        /** Lanes per vector of the species the generated code loads with. */
        int lanes() {
            return this == DOUBLE ? VectorOps.L : FloatVectorOps.L;
        }

        /** pow's in-place method type: its exponent stays a double in both. */
        MethodTypeDesc powAt() {
            return MethodTypeDesc.of(ConstantDescs.CD_void, of(ConstantDescs.CD_double.arrayType()),
                    ConstantDescs.CD_int, ConstantDescs.CD_double);
        }

        /** Pushes an element constant (a float constant holds c rounded, c exact for the float tables). */
        void constant(CodeBuilder code, double c) {
            if (this == DOUBLE) {
                code.loadConstant(c);
            } else {
                code.loadConstant((float) c);
            }
        }

        /** Pushes an integer of the lanes' bit type (a long or an int). */
        void bits(CodeBuilder code, long c) {
            if (this == DOUBLE) {
                code.loadConstant(c);
            } else {
                code.loadConstant(Math.toIntExact(c));
            }
        }
    }

    /** Cost units per generated class (one per vector operation, see {@link #cost}). */
    static final int CHUNK_COST = 64;
    /** More chunks than this: not generated (bounds the classes one formula may define). */
    static final int MAX_CHUNKS = 64;
    /** Cost of an operation run out of line (log, sin, cos, pow): a store, a call, a load. */
    static final int EXP_COST = 3;
    /** Cost of exp, emitted inline: its vector operations. */
    static final int INLINE_EXP_COST = 24;

    private static final ClassDesc CD_VECTOR = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc CD_OPS = ClassDesc.of(VectorOps.class.getName());
    private static final ClassDesc CD_ANY_VECTOR = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc CD_SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final MethodTypeDesc V_UNARY = MethodTypeDesc.of(CD_VECTOR);
    private static final MethodTypeDesc V_BINARY = MethodTypeDesc.of(CD_VECTOR, CD_ANY_VECTOR);
    private static final MethodTypeDesc V_FMA = MethodTypeDesc.of(CD_VECTOR, CD_ANY_VECTOR, CD_ANY_VECTOR);
    private static final MethodTypeDesc V_FROM_ARRAY = MethodTypeDesc.of(CD_VECTOR, CD_SPECIES,
            ConstantDescs.CD_double.arrayType(), ConstantDescs.CD_int);
    private static final MethodTypeDesc V_INTO_ARRAY = MethodTypeDesc.of(ConstantDescs.CD_void,
            ConstantDescs.CD_double.arrayType(), ConstantDescs.CD_int);
    private static final MethodTypeDesc V_ZERO = MethodTypeDesc.of(CD_VECTOR, CD_SPECIES);
    private static final ClassDesc CD_LONG_VECTOR = ClassDesc.of("jdk.incubator.vector.LongVector");
    private static final ClassDesc CD_MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc CD_OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc CD_COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc CD_BINARY_OP = ClassDesc.of("jdk.incubator.vector.VectorOperators$Binary");
    private static final MethodTypeDesc V_BROADCAST = MethodTypeDesc.of(CD_VECTOR, CD_SPECIES, ConstantDescs.CD_double);
    private static final MethodTypeDesc V_SCALAR = MethodTypeDesc.of(CD_VECTOR, ConstantDescs.CD_double);
    private static final MethodTypeDesc V_AS_LONGS = MethodTypeDesc.of(CD_LONG_VECTOR);
    private static final MethodTypeDesc L_SCALAR = MethodTypeDesc.of(CD_LONG_VECTOR, ConstantDescs.CD_long);
    private static final MethodTypeDesc L_SHIFT = MethodTypeDesc.of(CD_LONG_VECTOR, CD_BINARY_OP, ConstantDescs.CD_long);
    private static final MethodTypeDesc L_AS_DOUBLES = MethodTypeDesc.of(CD_VECTOR);
    private static final MethodTypeDesc V_COMPARE = MethodTypeDesc.of(CD_MASK, CD_COMPARISON, ConstantDescs.CD_double);
    private static final MethodTypeDesc V_BLEND = MethodTypeDesc.of(CD_VECTOR, ConstantDescs.CD_double, CD_MASK);
    private static final ClassDesc CD_PROGRAM = ClassDesc.of(BlockProgram.class.getName());
    private static final ClassDesc CD_FLOAT_PROGRAM = ClassDesc.of(FloatBlockProgram.class.getName());
    private static final MethodTypeDesc UNARY = MethodTypeDesc.of(CD_VECTOR, CD_VECTOR);
    private static final MethodTypeDesc AT = MethodTypeDesc.of(ConstantDescs.CD_void,
            ConstantDescs.CD_double.arrayType(), ConstantDescs.CD_int);
    private static final MethodTypeDesc POW_AT = MethodTypeDesc.of(ConstantDescs.CD_void,
            ConstantDescs.CD_double.arrayType(), ConstantDescs.CD_int, ConstantDescs.CD_double);
    private static final MethodTypeDesc BLOCK_METHOD = MethodTypeDesc.of(ConstantDescs.CD_void,
            ConstantDescs.CD_double.arrayType(), ConstantDescs.CD_double.arrayType(2), ConstantDescs.CD_int,
            ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_double.arrayType());

    // slots of block(w, t, q0, padded, bl, sum) and its loop variable v
    private static final int W = 1;
    private static final int T = 2;
    private static final int Q0 = 3;
    private static final int PADDED = 4;
    private static final int BL = 5;
    private static final int SUM = 6;
    private static final int V = 7;

    private record Key(Formula root, Variable.Kind inner, Element element) {
    }

    private static final Map<Key, Optional<Object>> CACHE = new ConcurrentHashMap<>();

    private BlockCompiler() {
    }

    /**
     * The generated program of a formula's varying steps, or empty when the formula is too large
     * to gain from it: callers then interpret the block.
     */
    static Optional<BlockProgram> compile(Formula root, Program program, List<Program.Step> steps,
                                          Variable.Kind inner) {
        return CACHE.computeIfAbsent(new Key(root, inner, Element.DOUBLE),
                k -> generate(root, program, steps, Element.DOUBLE)).map(BlockProgram.class::cast);
    }

    /** The float program of a formula's varying steps ({@link #compile} in float lanes). */
    static Optional<FloatBlockProgram> compileFloat(Formula root, Program program, List<Program.Step> steps,
                                                    Variable.Kind inner) {
        return CACHE.computeIfAbsent(new Key(root, inner, Element.FLOAT),
                k -> generate(root, program, steps, Element.FLOAT)).map(FloatBlockProgram.class::cast);
    }

    private static final java.util.concurrent.atomic.AtomicInteger DUMPED = new java.util.concurrent.atomic.AtomicInteger();

    /** Longest formula text kept in a class's SourceFile attribute (it is a constant-pool string). */
    private static final int SOURCE_NAME_LENGTH = 1000;

    private static Optional<Object> generate(Formula root, Program program, List<Program.Step> steps, Element e) {
        var chunks = chunks(steps);
        if (chunks.size() > MAX_CHUNKS) {
            return Optional.empty();
        }
        int[] lastUse = lastUses(program, steps);
        var parts = new Object[chunks.size()];
        for (int c = 0; c < parts.length; c++) {
            // the SourceFile attribute names the formula: stack traces and javap show what a class computes
            String text = root.toString();
            String source = (text.length() > SOURCE_NAME_LENGTH ? text.substring(0, SOURCE_NAME_LENGTH) + "..." : text)
                    + (parts.length == 1 ? "" : " [chunk " + (c + 1) + " of " + parts.length + "]");
            parts[c] = define(program, steps, chunks.get(c), lastUse, source, e);
        }
        if (parts.length == 1) {
            return Optional.of(parts[0]);
        }
        return Optional.of(e == Element.DOUBLE ? Chunks.of(parts) : FloatChunks.of(parts));
    }

    /**
     * A large formula as several generated classes run one after another, each its own
     * compilation unit: C2 must not inline them into one method (it would hit its node limit and
     * box vectors). A virtual call does not ensure that: a call site that has seen only one or two
     * classes is inlined (measured: a two-chunk Laplacian ran 5x slower alone in its JVM than
     * after other formulas had made the call site megamorphic). A call through a method handle
     * that is not a constant is never inlined, whatever ran before. Values cross from chunk to
     * chunk through the workspace.
     */
    private record Chunks(MethodHandle[] parts) implements BlockProgram {
        static Chunks of(Object[] programs) {
            var parts = new MethodHandle[programs.length];
            for (int c = 0; c < parts.length; c++) {
                parts[c] = BLOCK.bindTo(programs[c]);
            }
            return new Chunks(parts);
        }

        @Override
        public void block(double[] w, double[][] t, int q0, int padded, int bl, double[] sum) {
            for (var part : parts) {
                try {
                    part.invokeExact(w, t, q0, padded, bl, sum);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** {@link Chunks} in float. */
    private record FloatChunks(MethodHandle[] parts) implements FloatBlockProgram {
        static FloatChunks of(Object[] programs) {
            var parts = new MethodHandle[programs.length];
            for (int c = 0; c < parts.length; c++) {
                parts[c] = FLOAT_BLOCK.bindTo(programs[c]);
            }
            return new FloatChunks(parts);
        }

        @Override
        public void block(float[] w, float[][] t, int q0, int padded, int bl, float[] sum) {
            for (var part : parts) {
                try {
                    part.invokeExact(w, t, q0, padded, bl, sum);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static final MethodHandle BLOCK;
    private static final MethodHandle FLOAT_BLOCK;

    static {
        try {
            BLOCK = MethodHandles.lookup().findVirtual(BlockProgram.class, "block", MethodType.methodType(void.class,
                    double[].class, double[][].class, int.class, int.class, int.class, double[].class));
            FLOAT_BLOCK = MethodHandles.lookup().findVirtual(FloatBlockProgram.class, "block",
                    MethodType.methodType(void.class, float[].class, float[][].class, int.class, int.class, int.class,
                            float[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Writes a generated class where {@link VectorReductions#DUMP_PROPERTY} says, if it says. */
    private static void dump(byte[] bytes) throws java.io.IOException {
        String dir = System.getProperty(VectorReductions.DUMP_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        var path = java.nio.file.Path.of(dir);
        java.nio.file.Files.createDirectories(path);
        java.nio.file.Files.write(path.resolve("GeneratedBlock-" + DUMPED.incrementAndGet() + ".class"), bytes);
    }

    private static Object define(Program program, List<Program.Step> steps, List<Integer> chunk,
                                 int[] lastUse, String source, Element e) {
        try {
            byte[] bytes = ClassFile.of().build(ClassDesc.of(BlockCompiler.class.getPackageName(), "GeneratedBlock"),
                    cb -> {
                        cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                        cb.with(java.lang.classfile.attribute.SourceFileAttribute.of(source));
                        cb.withInterfaceSymbols(e == Element.DOUBLE ? CD_PROGRAM : CD_FLOAT_PROGRAM);
                        cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                                code -> code.aload(0)
                                        .invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
                                                ConstantDescs.MTD_void)
                                        .return_());
                        cb.withMethodBody("block", e.of(BLOCK_METHOD), ClassFile.ACC_PUBLIC,
                                code -> new Emitter(code, program, steps, lastUse, e).emit(chunk));
                    });
            dump(bytes);
            var lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            var constructor = lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class));
            return constructor.invoke();
        } catch (VirtualMachineError x) {
            throw x;
        } catch (Throwable x) {
            throw new IllegalStateException("generating the block program failed", x);
        }
    }

    /** The varying steps cut into consecutive chunks of at most {@value #CHUNK_COST} cost units. */
    private static List<List<Integer>> chunks(List<Program.Step> steps) {
        List<List<Integer>> chunks = new java.util.ArrayList<>();
        List<Integer> current = new java.util.ArrayList<>();
        int cost = 0;
        for (int i = 0; i < steps.size(); i++) {
            var step = steps.get(i);
            if (!step.varies()) {
                continue;
            }
            int c = cost(step.node());
            if (!current.isEmpty() && cost + c > CHUNK_COST) {
                chunks.add(current);
                current = new java.util.ArrayList<>();
                cost = 0;
            }
            current.add(i);
            cost += c;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** For each workspace slot of a node, the index of the last step reading it (the root: all). */
    private static int[] lastUses(Program program, List<Program.Step> steps) {
        int[] last = new int[program.workspace()];
        Arrays.fill(last, -1);
        for (int i = 0; i < steps.size(); i++) {
            for (int in : steps.get(i).in()) {
                last[in] = i;
            }
        }
        last[program.rootOffset()] = Integer.MAX_VALUE;
        return last;
    }

    /**
     * How the generator emits one operation: a row of its table, keyed by the operation
     * ({@link #form(Unary.Op)}, {@link #form(Binary.Op)}).
     */
    sealed interface Form permits Call, OutOfLine, Own {
    }

    /**
     * One call per component: a method of DoubleVector on the operand(s) on the stack, or a
     * static of {@link VectorOps} (the interpreter's semantics).
     */
    record Call(ClassDesc owner, String name, MethodTypeDesc type) implements Form {
        void emit(java.lang.classfile.CodeBuilder code, Element e) {
            if (owner.equals(CD_OPS)) {
                code.invokestatic(e.of(owner), name, e.of(type));
            } else {
                code.invokevirtual(e.of(owner), name, e.of(type));
            }
        }
    }

    /** Lane by lane through java.lang.Math, out of line: a workspace method of {@link VectorOps}. */
    record OutOfLine(String method) implements Form {
    }

    /** A sequence the emitter writes itself. */
    enum Own implements Form {
        /** The operations of {@link VectorMath#exp}, inline. */
        EXP_INLINE,
        /** {@code x.mul(x)}. */
        SQUARE,
        /** Sum of the components: {@code acc.add(x)} from zero. */
        COMPONENT_SUM,
        /** Sum of the squared components: {@code x.fma(x, acc)} from zero. */
        SQUARE_SUM,
        /** Dot product: {@code x.fma(y, acc)} from zero. */
        DOT_SUM,
        /** Squared distance: {@code d = x.sub(y); d.fma(d, acc)} from zero. */
        DISTANCE_SUM
    }

    /**
     * The generator's row of each unary operation. An exhaustive switch: a new operation does
     * not compile without its row, and {@link #checkTable} resolves every row when this class
     * loads.
     */
    static Form form(Unary.Op op) {
        return switch (op) {
            case NEG -> new Call(CD_VECTOR, "neg", V_UNARY);
            case SQRT -> new Call(CD_VECTOR, "sqrt", V_UNARY);
            case ABS -> new Call(CD_VECTOR, "abs", V_UNARY);
            case RSQRT -> new Call(CD_OPS, "rsqrt", UNARY);
            case STEP -> new Call(CD_OPS, "step", UNARY);
            case SIGN -> new Call(CD_OPS, "sign", UNARY);
            case INV -> new Call(CD_OPS, "inv", UNARY);
            case EXP -> Own.EXP_INLINE;
            case SQUARE -> Own.SQUARE;
            case SUM -> Own.COMPONENT_SUM;
            case SQNORM -> Own.SQUARE_SUM;
            case LOG -> new OutOfLine("logAt");
            case SIN -> new OutOfLine("sinAt");
            case COS -> new OutOfLine("cosAt");
        };
    }

    /** The generator's row of each binary operation. */
    static Form form(Binary.Op op) {
        return switch (op) {
            case ADD -> new Call(CD_VECTOR, "add", V_BINARY);
            case SUB -> new Call(CD_VECTOR, "sub", V_BINARY);
            case MUL -> new Call(CD_VECTOR, "mul", V_BINARY);
            case DIV -> new Call(CD_VECTOR, "div", V_BINARY);
            case MIN -> new Call(CD_VECTOR, "min", V_BINARY);
            case MAX -> new Call(CD_VECTOR, "max", V_BINARY);
            case DOT -> Own.DOT_SUM;
            case SQDIST -> Own.DISTANCE_SUM;
        };
    }

    /** The out-of-line method of pow, which is a node of its own (its exponent a constant). */
    private static final OutOfLine POW = new OutOfLine("powAt");

    /**
     * Checks the table against the classes and against the operation table of core, so that a
     * renamed or missing method, or a row that does not fit its operation, fails when this class
     * loads, naming the operation, rather than as a VerifyError or NoSuchMethodError on the first
     * formula that uses it: every Call and OutOfLine resolves; a component sum has a component
     * sum's sequence and an elementwise operation none; the emitted sizes the cost model gives
     * exp and the out-of-line functions are the ones these rows emit.
     */
    private static void checkTable() {
        var lookup = MethodHandles.lookup();
        var rows = new java.util.ArrayList<java.util.Map.Entry<String, Form>>();
        for (Unary.Op op : Unary.Op.values()) {
            Form f = form(op);
            boolean sum = f == Own.COMPONENT_SUM || f == Own.SQUARE_SUM;
            check(sum == (op.shape() == OpShape.COMPONENT_SUM), op, f, "its shape is " + op.shape());
            int size = op.cost().size();
            check(f != Own.EXP_INLINE || size == INLINE_EXP_COST, op, f, "exp inline emits " + INLINE_EXP_COST);
            check(!(f instanceof OutOfLine) || size == EXP_COST, op, f, "a call out of line costs " + EXP_COST);
            rows.add(java.util.Map.entry(op.toString(), f));
        }
        for (Binary.Op op : Binary.Op.values()) {
            Form f = form(op);
            boolean sum = f == Own.DOT_SUM || f == Own.DISTANCE_SUM;
            check(sum == (op.shape() == OpShape.COMPONENT_SUM), op, f, "its shape is " + op.shape());
            check(f instanceof Call || sum, op, f, "a binary operation is a call or a component sum");
            rows.add(java.util.Map.entry(op.toString(), f));
        }
        rows.add(java.util.Map.entry("pow", POW));
        for (var e : rows) {
            for (Element el : Element.values()) {
                Call c = switch (e.getValue()) {
                    case Call call -> new Call(el.of(call.owner()), call.name(), el.of(call.type()));
                    case OutOfLine o -> new Call(el.of(CD_OPS), o.method(), e.getKey().equals("pow") ? el.powAt()
                            : el.of(AT));
                    case Own own -> null;
                };
                if (c == null) {
                    continue;
                }
                try {
                    Class<?> owner = c.owner().resolveConstantDesc(lookup);
                    MethodType type = c.type().resolveConstantDesc(lookup);
                    if (c.owner().equals(el.of(CD_OPS))) {
                        lookup.findStatic(owner, c.name(), type);
                    } else {
                        lookup.findVirtual(owner, c.name(), type);
                    }
                } catch (ReflectiveOperationException ex) {
                    throw new ExceptionInInitializerError("BlockCompiler's emitter of " + e.getKey() + " names "
                            + c.owner().displayName() + "." + c.name() + c.type().displayDescriptor()
                            + ", which does not resolve: " + ex);
                }
            }
        }
    }

    private static void check(boolean ok, Object op, Form form, String why) {
        if (!ok) {
            throw new ExceptionInInitializerError("BlockCompiler's row of " + op + " (" + form + ") does not fit: "
                    + why);
        }
    }

    static {
        checkTable();
    }

    /**
     * Cost units of a node: its {@link OpCost#size}, from the operation table (one per vector
     * operation emitted; exp inline {@value #INLINE_EXP_COST}, log, sin, cos and pow out of
     * line {@value #EXP_COST}); the table's entries are checked against these constants when
     * this class loads.
     */
    private static int cost(Formula f) {
        return (int) Math.min(Integer.MAX_VALUE, OpCost.size(f));
    }

    /**
     * Writes the body of one chunk's block(...), a loop over the block's vectors: its steps with locals, then the values that
     * later chunks (or the reducers, for the root) read, into the workspace.
     */
    private static final class Emitter {
        private final CodeBuilder code;
        private final List<Program.Step> steps;
        private final int[] lastUse;
        private final int root;
        /** local slot holding component k of workspace slot s, at [s + k]; -1 when not a local */
        private final int[] local;
        /** for the first slot of each row-invariant node, its dimension; 0 elsewhere */
        private final int[] invariantDim;
        private int nextLocal = V + 1;
        private final Element e;

        Emitter(CodeBuilder code, Program program, List<Program.Step> steps, int[] lastUse, Element e) {
            this.code = code;
            this.e = e;
            this.steps = steps;
            this.lastUse = lastUse;
            this.root = program.rootOffset();
            this.local = new int[program.workspace()];
            Arrays.fill(local, -1);
            this.invariantDim = new int[program.workspace()];
            for (var step : steps) {
                if (!step.varies()) {
                    invariantDim[step.out()] = step.node().dim();
                }
            }
        }

        void emit(List<Integer> chunk) {
            int end = chunk.get(chunk.size() - 1);
            // the row invariants the chunk reads, loaded once: every lane of their block holds
            // the value (loads inside the loop would repeat, as the loop stores to w)
            for (int i : chunk) {
                for (int in : steps.get(i).in()) {
                    for (int k = 0; k < invariantDim[in]; k++) {
                        if (local[in + k] < 0) {
                            species();
                            code.aload(W).loadConstant(in + k).iload(BL).imul();
                            load();
                            define(in, k);
                        }
                    }
                }
            }
            // the root's lane sums (sum != null), in locals for the whole loop: acc_k = sum[k L ..]
            int rootDim = 0;
            for (int i : chunk) {
                if (steps.get(i).out() == root) {
                    rootDim = steps.get(i).node().dim();
                }
            }
            int[] acc = new int[rootDim];
            if (rootDim > 0) {
                var zero = code.newLabel();
                var ready = code.newLabel();
                for (int k = 0; k < rootDim; k++) {
                    acc[k] = nextLocal++;
                }
                code.aload(SUM).ifnull(zero);
                for (int k = 0; k < rootDim; k++) {
                    species();
                    code.aload(SUM).loadConstant(k * e.lanes());
                    load();
                    code.astore(acc[k]);
                }
                code.goto_(ready);
                code.labelBinding(zero);
                for (int k = 0; k < rootDim; k++) {
                    species();
                    code.invokestatic(e.of(CD_VECTOR), "zero", e.of(V_ZERO));
                    code.astore(acc[k]);
                }
                code.labelBinding(ready);
            }
            // for (v = 0; v < bl; v += L) { the chunk's nodes on lanes v .. v+L-1 }
            var loop = code.newLabel();
            var done = code.newLabel();
            code.iconst_0().istore(V);
            code.labelBinding(loop);
            code.iload(V).iload(BL).if_icmpge(done);
            for (int i : chunk) {
                node(steps.get(i));
            }
            for (int i : chunk) {
                var step = steps.get(i);
                if (lastUse[step.out()] <= end) {
                    continue;
                }
                var stored = code.newLabel();
                if (step.out() == root) {
                    // sum != null: add the root to the lane sums instead of storing it
                    var store = code.newLabel();
                    code.aload(SUM).ifnull(store);
                    for (int k = 0; k < step.node().dim(); k++) {
                        code.aload(acc[k]);
                        operand(step.out(), k);
                        vector("add", V_BINARY);
                        code.astore(acc[k]);
                    }
                    code.goto_(stored);
                    code.labelBinding(store);
                }
                for (int k = 0; k < step.node().dim(); k++) {
                    operand(step.out(), k);
                    code.aload(W);
                    workspaceIndex(step.out() + k);
                    store();
                }
                code.labelBinding(stored);
            }
            code.iinc(V, e.lanes()).goto_(loop);
            code.labelBinding(done);
            if (rootDim > 0) {
                var noSum = code.newLabel();
                code.aload(SUM).ifnull(noSum);
                for (int k = 0; k < rootDim; k++) {
                    code.aload(acc[k]).aload(SUM).loadConstant(k * e.lanes());
                    store();
                }
                code.labelBinding(noSum);
            }
            code.return_();
        }

        /**
         * Component k of the output slot = op(component k of the input slot), through the
         * workspace: store the operand at the output, call the in-place op, load the result.
         */
        private void outOfLine(int input, int k, int out, String method, MethodTypeDesc type, Double exponent) {
            operand(input, k);
            code.aload(W);
            workspaceIndex(out + k);
            store();
            code.aload(W);
            workspaceIndex(out + k);
            if (exponent != null) {
                code.loadConstant(exponent);
            }
            code.invokestatic(e.of(CD_OPS), method, type);
            species();
            code.aload(W);
            workspaceIndex(out + k);
            load();
            define(out, k);
        }

        // The Vector API is called directly, not through VectorOps' one-line wrappers: its methods
        // are force-inlined, which C2's node-count cutoff does not stop; a wrapper left out of
        // line boxes its vectors. Each emitted sequence is the body of the VectorOps method of the
        // same name, so both paths compute the same bits.

        private void species() {
            code.getstatic(e.of(CD_OPS), "S", CD_SPECIES);
        }

        /** species, array, index -> vector */
        private void load() {
            code.invokestatic(e.of(CD_VECTOR), "fromArray", e.of(V_FROM_ARRAY));
        }

        /** vector, array, index -> () */
        private void store() {
            code.invokevirtual(e.of(CD_VECTOR), "intoArray", e.of(V_INTO_ARRAY));
        }

        private void vector(String method, MethodTypeDesc type) {
            code.invokevirtual(e.of(CD_VECTOR), method, e.of(type));
        }

        /**
         * x -> exp(x): in double the operations of {@link VectorMath#exp}, in its order and with
         * its constants, emitted inline (as a call C2 would not inline it, and its vectors would
         * be spilled around the call); generated and interpreted double blocks are compared
         * bitwise in the tests, which catches any drift between the two. In float the same steps
         * with the constants of {@link FloatVectorMath} (degree 6; r in two fma; 2^k one shift),
         * which has no other form.
         */
        private void exp() {
            boolean f = e == Element.FLOAT;
            double log2e = f ? FloatVectorMath.LOG2E : VectorMath.LOG2E;
            double shifter = f ? FloatVectorMath.SHIFTER : VectorMath.SHIFTER;
            double ln2Hi = f ? FloatVectorMath.LN2_HI : VectorMath.LN2_HI;
            double ln2Lo = f ? FloatVectorMath.LN2_LO : VectorMath.LN2_LO;
            int degree = f ? FloatVectorMath.DEGREE : VectorMath.TAYLOR_DEGREE;
            double minArg = f ? FloatVectorMath.MIN_NORMAL_ARG : VectorMath.MIN_NORMAL_ARG;
            double maxArg = f ? FloatVectorMath.MAX_ARG : VectorMath.MAX_ARG;
            ClassDesc bits = e.of(CD_LONG_VECTOR);
            int x = nextLocal++;
            int t = nextLocal++;
            int k = nextLocal++;
            int p = nextLocal++;
            code.astore(x);
            // t = x.fma(LOG2E, SHIFTER); k = t - SHIFTER
            code.aload(x);
            broadcast(log2e);
            broadcast(shifter);
            vector("fma", V_FMA);
            code.astore(t);
            code.aload(t);
            e.constant(code, shifter);
            vector("sub", V_SCALAR);
            code.astore(k);
            // r = x - k ln 2 in two parts, kept in k's local (k is not read again):
            // double k.fma(-LN2_HI, x).add(k.mul(-LN2_LO)), float k.fma(-LN2_LO, k.fma(-LN2_HI, x))
            code.aload(k);
            if (f) {
                broadcast(-ln2Lo);
                code.aload(k);
            }
            broadcast(-ln2Hi);
            code.aload(x);
            vector("fma", V_FMA);
            if (f) {
                vector("fma", V_FMA);
            } else {
                code.aload(k);
                e.constant(code, -ln2Lo);
                vector("mul", V_SCALAR);
                vector("add", V_BINARY);
            }
            code.astore(k);
            broadcast(f ? FloatVectorMath.coefficient(degree) : VectorMath.taylor(degree));
            for (int i = degree - 1; i >= 0; i--) {
                code.aload(k);
                broadcast(f ? FloatVectorMath.coefficient(i) : VectorMath.taylor(i));
                vector("fma", V_FMA);
            }
            code.astore(p);
            // result = p * 2^k, the exponent assembled from the bits of t: double
            // ((bits - SHIFTER_BITS) + 1023) << 52; float bits << 23 (the bias is in the shifter)
            code.aload(p);
            code.aload(t);
            vector(f ? "reinterpretAsInts" : "reinterpretAsLongs", V_AS_LONGS);
            if (!f) {
                code.loadConstant(VectorMath.SHIFTER_BITS);
                code.invokevirtual(bits, "sub", L_SCALAR);
                code.loadConstant(1023L);
                code.invokevirtual(bits, "add", L_SCALAR);
            }
            code.getstatic(CD_OPERATORS, "LSHL", CD_BINARY_OP);
            e.bits(code, f ? FloatVectorMath.SIGNIFICAND_BITS : 52);
            code.invokevirtual(bits, "lanewise", e.of(L_SHIFT));
            code.invokevirtual(bits, f ? "reinterpretAsFloats" : "reinterpretAsDoubles", e.of(L_AS_DOUBLES));
            vector("mul", V_BINARY);
            // 0 below MIN_NORMAL_ARG, +infinity above MAX_ARG
            e.constant(code, 0.0);
            code.aload(x);
            code.getstatic(CD_OPERATORS, "LT", CD_COMPARISON);
            e.constant(code, minArg);
            vector("compare", V_COMPARE);
            vector("blend", V_BLEND);
            e.constant(code, Double.POSITIVE_INFINITY);
            code.aload(x);
            code.getstatic(CD_OPERATORS, "GT", CD_COMPARISON);
            e.constant(code, maxArg);
            vector("compare", V_COMPARE);
            vector("blend", V_BLEND);
        }

        private void broadcast(double c) {
            species();
            e.constant(code, c);
            code.invokestatic(e.of(CD_VECTOR), "broadcast", e.of(V_BROADCAST));
        }

        /** acc, x -> x.fma(x, acc) (VectorOps.squareStep) */
        private void squareStep() {
            code.dup();        // acc x x
            code.dup2_x1();    // x x acc x x
            code.pop2();       // x x acc
            vector("fma", V_FMA);
        }

        /** acc, x, y -> x.fma(y, acc) (VectorOps.dotStep) */
        private void dotStep() {
            code.dup2_x1();    // x y acc x y
            code.pop2();       // x y acc
            vector("fma", V_FMA);
        }

        /** Pushes (slot) * bl + v. */
        private void workspaceIndex(int slot) {
            code.loadConstant(slot).iload(BL).imul().iload(V).iadd();
        }

        /** Pushes component k of the node at workspace slot s: its local, or its replicated value. */
        private void operand(int s, int k) {
            int slot = local[s + k];
            if (slot >= 0) {
                code.aload(slot);
            } else {
                species();
                code.aload(W);
                workspaceIndex(s + k);
                load();
            }
        }

        /** Stores the vector on the stack as component k of workspace slot s. */
        private void define(int s, int k) {
            int slot = nextLocal++;
            code.astore(slot);
            local[s + k] = slot;
        }

        private void node(Program.Step step) {
            Formula f = step.node();
            int out = step.out();
            int[] in = step.in();
            switch (f) {
                case Variable v -> {
                    for (int k = 0; k < v.dim(); k++) {
                        species();
                        code.aload(T).loadConstant(v.index()).aaload();
                        code.loadConstant(k).iload(PADDED).imul().iload(Q0).iadd().iload(V).iadd();
                        load();
                        define(out, k);
                    }
                }
                case Unary u -> {
                    switch (form(u.op())) {
                        case Own own when own == Own.COMPONENT_SUM || own == Own.SQUARE_SUM -> {
                            species();
                            code.invokestatic(e.of(CD_VECTOR), "zero", e.of(V_ZERO));
                            for (int c = 0; c < u.a().dim(); c++) {
                                operand(in[0], c);
                                if (own == Own.COMPONENT_SUM) {
                                    vector("add", V_BINARY); // sumStep: acc.add(x)
                                } else {
                                    squareStep();
                                }
                            }
                            define(out, 0);
                        }
                        case Own own when own == Own.EXP_INLINE -> {
                            for (int k = 0; k < u.dim(); k++) {
                                operand(in[0], k);
                                exp();
                                define(out, k);
                            }
                        }
                        case Own own when own == Own.SQUARE -> {
                            for (int k = 0; k < u.dim(); k++) {
                                operand(in[0], k);
                                code.dup(); // x.mul(x)
                                vector("mul", V_BINARY);
                                define(out, k);
                            }
                        }
                        case Own own -> throw new IllegalStateException(u.op() + ": " + own + " is a binary form");
                        case OutOfLine o -> {
                            for (int k = 0; k < u.dim(); k++) {
                                outOfLine(in[0], k, out, o.method(), e.of(AT), null);
                            }
                        }
                        case Call call -> {
                            for (int k = 0; k < u.dim(); k++) {
                                operand(in[0], k);
                                call.emit(code, e);
                                define(out, k);
                            }
                        }
                    }
                }
                case Binary b -> {
                    switch (form(b.op())) {
                        case Own own when own == Own.DOT_SUM || own == Own.DISTANCE_SUM -> {
                            species();
                            code.invokestatic(e.of(CD_VECTOR), "zero", e.of(V_ZERO));
                            for (int c = 0; c < b.a().dim(); c++) {
                                operand(in[0], c);
                                operand(in[1], c);
                                if (own == Own.DOT_SUM) {
                                    dotStep();
                                } else {
                                    vector("sub", V_BINARY); // distanceStep: d = x.sub(y); d.fma(d, acc)
                                    squareStep();
                                }
                            }
                            define(out, 0);
                        }
                        case Call call -> {
                            int sa = b.a().dim() == 1 ? 0 : 1;
                            int sb = b.b().dim() == 1 ? 0 : 1;
                            for (int k = 0; k < b.dim(); k++) {
                                operand(in[0], sa * k);
                                operand(in[1], sb * k);
                                call.emit(code, e);
                                define(out, k);
                            }
                        }
                        case Own own -> throw new IllegalStateException(b.op() + ": " + own + " is a unary form");
                        case OutOfLine o -> throw new IllegalStateException(b.op() + ": no binary function out of line");
                    }
                }
                case PowerOf p -> {
                    for (int k = 0; k < p.dim(); k++) {
                        outOfLine(in[0], k, out, POW.method(), e.powAt(), p.exponent());
                    }
                }
                case Select s -> {
                    operand(in[0], s.index());
                    define(out, 0);
                }
                case Concat c -> {
                    for (int k = 0; k < c.a().dim(); k++) {
                        operand(in[0], k);
                        define(out, k);
                    }
                    for (int k = 0; k < c.b().dim(); k++) {
                        operand(in[1], k);
                        define(out, c.a().dim() + k);
                    }
                }
                case Constant c -> throw new IllegalStateException("constants never vary");
            }
        }
    }
}
