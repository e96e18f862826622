package org.nufft4j.reduce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites a formula for blocked evaluation, knowing which kind of variable varies over the
 * block (the reduced index): what does not vary is computed once per output row, so work moved
 * there is free.
 *
 * <p>Sums, differences, negations, products and quotients by row invariants are read as a sum
 * of terms {@code k C m}: k a number, C a product of powers of row invariants (and of their
 * reciprocals), m a product of powers of varying atoms (any other varying node, its children
 * rewritten, with the same operation and no further simplification). Then:
 * <ul>
 *   <li>quotients by invariants become products with an invariant coefficient
 *       {@code k (prod c) / (prod d)}, one per term and row;
 *   <li>like terms merge ({@code 3} copies of the same term cost one multiplication);
 *   <li>terms with one coefficient are collected, {@code C m1 + C m2 = C (m1 + m2)}, and a
 *       varying atom shared by several terms is factored out ({@code f A + f B = f (A + B)});
 *   <li>{@code C sum_k (a_k - b_k)^2} over every component of a and b becomes
 *       {@code C sqdist(a, b)} (likewise {@code sqnorm}), so the symbolic Laplacian of a radial
 *       kernel reuses the squared distance its kernel already computes; {@code sqdist(a, b)}
 *       becomes {@code sqnorm(a - b)} where the formula computes {@code a - b} anyway (the
 *       same operations in the same order: exact).
 * </ul>
 * A multi-term factor of a product stays one atom (products are never expanded). The rewrite
 * is kept only when the cost of the varying part does not rise ({@link #cost}).
 *
 * <p>What the rewritten formula computes, against the formula as written (which the scalar
 * interpreter, the oracle, runs):
 * <ul>
 *   <li>Nothing is cancelled. A factor and its reciprocal stay apart ({@code x c / c} becomes
 *       {@code x (c / c)}: NaN at c = 0, infinite or NaN, as written); like terms whose numbers
 *       add to 0 become {@code 0 C m} (NaN where C or m is infinite, as {@code t - t} is); the
 *       rules of {@link Formulas} that drop an operand ({@code x*0}, {@code x-x}, {@code dot}
 *       with a one-hot or zero constant) are never applied to the rewritten parts. So, but for
 *       the overflow and underflow below, the rewrite never turns a NaN or an infinity into a
 *       finite value.
 *   <li>Rounding: sums and products are reassociated, {@code x / c} becomes {@code x (1 / c)}.
 *       Finite results differ by rounding, and where an intermediate value overflows or
 *       underflows in one order but not in the other (a product of invariants folded into one
 *       coefficient; {@code 1 / c} overflows for {@code |c| < 2^-1024} and loses digits for
 *       {@code |c| > 2^1022}), by more.
 *   <li>Distributivity at an infinite factor: merging like terms, collecting a coefficient,
 *       factoring out an atom and the sqdist rule compute {@code f (A + B)} for
 *       {@code f A + f B}. They are the same, up to rounding, unless f is infinite: then
 *       {@code f A + f B} is NaN where one of A, B is 0 or they have opposite signs, while
 *       {@code f (A + B)} is NaN only where A + B is 0 or NaN, else +-inf (e.g.
 *       {@code 3 t - 2 t} at t = inf: NaN as written, inf rewritten). In that case only, a NaN
 *       as written can be an infinity rewritten (which MIN, MAX, ARGMIN, ARGMAX and KMIN then
 *       no longer skip); where the rewrite gives NaN, so does the formula as written.
 *   <li>The sign of a zero result can differ ({@code x + 0} is {@code x}, {@code 0 x} of a
 *       negative x is -0), and with it the sign of an infinity a division by that zero gives.
 * </ul>
 * {@code HoistingSpecialValuesTest} checks each of these at 0, +-inf and NaN, and every SIMD
 * test compares with the scalar interpreter.
 */
public final class Hoisting {

    /**
     * Formulas nested deeper than this are not rewritten: the rewrite recurses over the nesting
     * (a chain of a few thousand sums overflowed the stack), and real formulas are far shallower
     * (the Laplacian of the Laplacian of the Laplacian of a Gaussian mixture: 126).
     */
    public static final int MAX_DEPTH = 256;

    private Hoisting() {
    }

    /**
     * The formula rewritten for evaluation with {@code varying} variables changing fastest (the
     * rules of the class comment); root itself when nested deeper than {@link #MAX_DEPTH}, or
     * when the rewrite would raise {@link #cost}.
     *
     * @param root the formula as written
     * @param varying the kind of variable that varies over the block (the reduced index: J for a
     *     reduction over j); variables of the other kind and parameters are row invariants
     * @return a formula of root's dimension computing the same values, to the differences of the
     *     class comment; root itself when not rewritten
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when root's distinct nodes need more workspace than an
     *     array holds ({@link Program#Program(Formula)})
     */
    public static Formula rewrite(Formula root, Variable.Kind varying) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(varying, "varying");
        if (depth(root) > MAX_DEPTH) {
            return root;
        }
        Formula r = new Rewriter(root, varying).rewrite(root);
        return cost(r, varying) <= cost(root, varying) ? r : root;
    }

    /** Operations on the longest path from a leaf to the root, counted without recursion. */
    static int depth(Formula root) {
        Map<Formula, Integer> depth = new IdentityHashMap<>();
        for (Formula n : Derivatives.topological(root)) { // children first
            int d = 0;
            for (Formula c : n.children()) {
                d = Math.max(d, depth.get(c) + 1);
            }
            depth.put(n, d);
        }
        return depth.get(root);
    }

    /**
     * Cost units of the varying nodes of a formula: the sum of their {@link OpCost#time}, the
     * operation table's estimate of the work per pair (per result component, eight for exp,
     * log, sin, cos and pow, four for a division, sqrt, rsqrt and inv, one for any other
     * elementwise operation; per operand component, one for sum and sqnorm, two for dot and
     * sqdist; nothing for variables, constants, selections and concatenations); nodes that do
     * not vary cost nothing.
     *
     * @param root the formula
     * @param varying the kind of variable that varies over the block
     * @return the units, at most {@code Integer.MAX_VALUE} (formulas of billions of components
     *     reach it)
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when root's distinct nodes need more workspace than an
     *     array holds ({@link Program#Program(Formula)})
     */
    public static int cost(Formula root, Variable.Kind varying) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(varying, "varying");
        long c = 0;
        for (var step : new Program(root).steps(varying)) {
            if (!step.varies()) {
                continue;
            }
            c += OpCost.time(step.node());
        }
        return (int) Math.min(Integer.MAX_VALUE, c);
    }

    /** A formula to a power: an invariant factor (any sign) or a varying atom (positive). */
    private record Power(Formula f, int p) {
    }

    /** k (product of coef) (product of mono); both lists sorted by rank, one entry per formula. */
    private record Term(double k, List<Power> coef, List<Power> mono) {
        Term times(double c) {
            return new Term(k * c, coef, mono);
        }
    }

    private static final class Rewriter {
        private final Variable.Kind varying;
        private final Map<Formula, Boolean> varies = new IdentityHashMap<>();
        /** Order of first appearance: sorts factors, so the rewrite is deterministic. */
        private final Map<Formula, Integer> rank = new IdentityHashMap<>();
        private final Map<Formula, Formula> rewritten = new IdentityHashMap<>();
        private final Map<Formula, List<Term>> forms = new IdentityHashMap<>();
        /** The vector differences a - b of the formula, by (a, b). */
        private final Map<List<Formula>, Formula> differences = new java.util.HashMap<>();
        /** By rank, then a factor before its reciprocal (both can be in one coefficient). */
        private final Comparator<Power> byRank = Comparator.<Power>comparingInt(p -> rankOf(p.f()))
                .thenComparingInt(p -> p.p() > 0 ? 0 : 1);

        Rewriter(Formula root, Variable.Kind varying) {
            this.varying = varying;
            for (Formula n : Derivatives.topological(root)) {
                boolean v = n instanceof Variable x && x.kind() == varying;
                for (Formula c : n.children()) {
                    v |= varies.get(c);
                }
                varies.put(n, v);
                rank.put(n, rank.size());
                if (n instanceof Binary d && d.op() == Binary.Op.SUB && d.a().dim() > 1 && d.a().dim() == d.b().dim()) {
                    differences.put(List.of(d.a(), d.b()), d);
                }
            }
        }

        private int rankOf(Formula f) {
            return rank.computeIfAbsent(f, k -> rank.size());
        }

        private boolean varies(Formula f) {
            return varies.get(f);
        }

        /** The rewritten form of an original node. */
        Formula rewrite(Formula node) {
            if (!varies(node)) {
                return node;
            }
            Formula done = rewritten.get(node);
            if (done != null) {
                return done;
            }
            Formula r = linear(node) ? build(form(node), node.dim()) : rebuild(node);
            rankOf(r);
            rewritten.put(node, r);
            return r;
        }

        /** Whether the node is read as a sum of terms. */
        private boolean linear(Formula node) {
            return switch (node) {
                case Unary u -> u.op() == Unary.Op.NEG || u.op() == Unary.Op.SQUARE;
                case Binary b -> switch (b.op()) {
                    case ADD, SUB -> b.a().dim() == b.b().dim();
                    case MUL -> true;
                    case DIV -> !varies(b.b());
                    default -> false;
                };
                default -> false;
            };
        }

        /**
         * The node with its children rewritten: the same operation on operands of the same
         * values, built without the simplifications of {@link Formulas} (which could drop an
         * operand the formula as written evaluates, as {@code dot(x, e_k) -> x[k]} does).
         */
        private Formula rebuild(Formula node) {
            List<Formula> children = node.children();
            Formula[] now = new Formula[children.size()];
            boolean changed = false;
            for (int c = 0; c < now.length; c++) {
                now[c] = rewrite(children.get(c));
                changed |= now[c] != children.get(c);
            }
            if (node instanceof Binary b && b.op() == Binary.Op.SQDIST) {
                return distance(b.a(), b.b(), now[0], now[1]);
            }
            if (!changed) {
                return node;
            }
            return Formulas.intern(switch (node) {
                case Unary u -> new Unary(u.op(), now[0]);
                case Binary b -> new Binary(b.op(), now[0], now[1]);
                case PowerOf p -> new PowerOf(now[0], p.exponent());
                case Select x -> new Select(now[0], x.index());
                case Concat c -> new Concat(now[0], now[1]);
                case Variable v -> v;
                case Constant c -> c;
            });
        }

        /**
         * sqdist(a, b), or sqnorm(a - b) when the formula computes the difference a - b (or
         * b - a) anyway, as gradients of radial kernels do: the subtraction is then shared.
         */
        private Formula distance(Formula a, Formula b, Formula x, Formula y) {
            Formula d = differences.get(List.of(a, b));
            if (d == null) {
                d = differences.get(List.of(b, a));
            }
            return d == null ? Formulas.sqdist(x, y) : Formulas.sqnorm(rewrite(d));
        }

        // ---- reading: nodes as sums of terms

        private List<Term> form(Formula node) {
            List<Term> done = forms.get(node);
            if (done != null) {
                return done;
            }
            List<Term> f = switch (node) {
                case Unary u when u.op() == Unary.Op.NEG -> scale(terms(u.a()), -1.0);
                case Unary u -> square(terms(u.a()), u.dim());
                case Binary b -> switch (b.op()) {
                    case ADD -> merge(terms(b.a()), terms(b.b()));
                    case SUB -> merge(terms(b.a()), scale(terms(b.b()), -1.0));
                    case MUL -> product(terms(b.a()), terms(b.b()), b.a().dim(), b.b().dim());
                    case DIV -> product(terms(b.a()), List.of(new Term(1.0, List.of(new Power(b.b(), -1)), List.of())),
                            b.a().dim(), b.b().dim());
                    default -> throw new AssertionError(b.op());
                };
                default -> throw new AssertionError(node);
            };
            forms.put(node, f);
            return f;
        }

        /**
         * An operand as terms: an invariant is a coefficient, a non-linear node one atom. A
         * finite scalar constant is a number, 0 included (0 times x is evaluated, as written); an
         * infinite or NaN constant stays a factor, so numbers are finite unless they overflow.
         */
        private List<Term> terms(Formula f) {
            if (!varies(f)) {
                if (f instanceof Constant c && c.dim() == 1 && Double.isFinite(c.values()[0])) {
                    return List.of(new Term(c.values()[0], List.of(), List.of()));
                }
                return List.of(new Term(1.0, List.of(new Power(f, 1)), List.of()));
            }
            return linear(f) ? form(f) : List.of(atom(rewrite(f)));
        }

        private static Term atom(Formula f) {
            return new Term(1.0, List.of(), List.of(new Power(f, 1)));
        }

        private static List<Term> scale(List<Term> ts, double c) {
            return ts.stream().map(t -> t.times(c)).toList();
        }

        /**
         * The sum of two lists of terms, like terms merged: {@code k1 C m + k2 C m = (k1 + k2) C m}.
         * A merged number 0 stays ({@code 0 C m}, NaN where m or C is infinite, as the two
         * terms were); nothing is dropped.
         */
        private List<Term> merge(List<Term> a, List<Term> b) {
            var byMono = new LinkedHashMap<List<Power>, Term>();
            for (var list : List.of(a, b)) {
                for (Term t : list) {
                    Term old = byMono.get(t.mono());
                    if (old == null) {
                        byMono.put(t.mono(), t);
                    } else if (old.coef().equals(t.coef())) {
                        byMono.put(t.mono(), new Term(old.k() + t.k(), old.coef(), old.mono()));
                    } else {
                        // different invariant coefficients: their sum is one new invariant
                        Formula c = Formulas.add(coefficient(old), coefficient(t));
                        rankOf(c);
                        byMono.put(t.mono(), new Term(1.0, List.of(new Power(c, 1)), old.mono()));
                    }
                }
            }
            return List.copyOf(byMono.values());
        }

        /** The product of two operands: term by term when one side is a single term. */
        private List<Term> product(List<Term> a, List<Term> b, int da, int db) {
            if (a.isEmpty() || b.isEmpty()) {
                return List.of();
            }
            if (a.size() > 1 && b.size() > 1) {
                return List.of(atom(Formulas.mulKeepingOperands(build(a, da), build(b, db))));
            }
            // one side is a single term: multiply it into the other side's terms only when that
            // side is a single term too; a multi-term side stays one atom (no expansion)
            Term t = a.size() == 1 ? a.get(0) : b.get(0);
            List<Term> other = a.size() == 1 ? b : a;
            int otherDim = a.size() == 1 ? db : da;
            if (other.size() > 1) {
                other = List.of(atom(build(other, otherDim)));
            }
            Term u = other.get(0);
            return List.of(new Term(t.k() * u.k(), powers(t.coef(), u.coef()), powers(t.mono(), u.mono())));
        }

        /** The square of an operand: of its single term, or of it as one atom. */
        private List<Term> square(List<Term> a, int dim) {
            if (a.size() > 1) {
                return List.of(new Term(1.0, List.of(), List.of(new Power(build(a, dim), 2))));
            }
            return product(a, a, dim, dim);
        }

        /**
         * The product of two lists of powers. Exponents of a formula add only when they have the
         * same sign: {@code c c = c^2}, but c and 1/c never cancel, since {@code c / c} is NaN
         * where c is 0, infinite or NaN, and the formula as written computes it.
         */
        private List<Power> powers(List<Power> a, List<Power> b) {
            record Key(Formula f, boolean reciprocal) {
            }
            var sum = new LinkedHashMap<Key, Integer>();
            for (var list : List.of(a, b)) {
                for (Power p : list) {
                    sum.merge(new Key(p.f(), p.p() < 0), p.p(), Integer::sum);
                }
            }
            var out = new ArrayList<Power>();
            sum.forEach((k, p) -> out.add(new Power(k.f(), p)));
            out.sort(byRank);
            return List.copyOf(out);
        }

        /** A monomial of varying atoms with one factor {@code common} taken out (factoring, no cancellation). */
        private static List<Power> withoutOne(List<Power> mono, Formula common) {
            var out = new ArrayList<Power>();
            for (Power p : mono) {
                if (p.f() != common) {
                    out.add(p);
                } else if (p.p() > 1) {
                    out.add(new Power(p.f(), p.p() - 1));
                }
            }
            return List.copyOf(out);
        }

        // ---- writing: terms back to a formula

        /** The sum of the terms as a formula of dimension dim. */
        private Formula build(List<Term> terms, int dim) {
            if (terms.isEmpty()) {
                return Formulas.filled(0.0, dim);
            }
            Formula common = sharedAtom(terms);
            if (common != null) {
                var with = new ArrayList<Term>();
                var without = new ArrayList<Term>();
                for (Term t : terms) {
                    if (t.mono().stream().anyMatch(p -> p.f() == common)) {
                        with.add(new Term(t.k(), t.coef(), withoutOne(t.mono(), common)));
                    } else {
                        without.add(t);
                    }
                }
                Formula factored = broadcast(Formulas.mulKeepingOperands(common, build(with, dim)), dim);
                return without.isEmpty() ? factored : Formulas.add(factored, build(without, dim));
            }
            terms = distances(terms);
            // terms with one coefficient: C (m1 + m2 + ...)
            var byCoef = new LinkedHashMap<Coefficient, List<Term>>();
            for (Term t : terms) {
                byCoef.computeIfAbsent(new Coefficient(Math.abs(t.k()), t.coef()), c -> new ArrayList<>()).add(t);
            }
            var parts = new ArrayList<Term>();
            for (var e : byCoef.entrySet()) {
                var group = e.getValue();
                // a number 0 is not collected: its terms are evaluated as they are
                double k = e.getKey().k();
                if (group.size() == 1 || e.getKey().coef().isEmpty() && k == 1.0 || !(k > 0)) {
                    parts.addAll(group);
                } else {
                    var monos = group.stream().map(t -> new Term(Math.signum(t.k()), List.of(), t.mono())).toList();
                    Formula inner = sum(monos, dim);
                    rankOf(inner);
                    parts.add(new Term(e.getKey().k(), e.getKey().coef(), List.of(new Power(inner, 1))));
                }
            }
            return sum(parts, dim);
        }

        /** The varying atom in most terms (at least two; the first by rank on ties), or null. */
        private Formula sharedAtom(List<Term> terms) {
            var count = new LinkedHashMap<Formula, Integer>();
            for (Term t : terms) {
                for (Power p : t.mono()) {
                    count.merge(p.f(), 1, Integer::sum);
                }
            }
            Formula common = null;
            int most = 1;
            for (var e : count.entrySet()) {
                if (e.getValue() > most || (e.getValue() == most && most > 1 && rankOf(e.getKey()) < rankOf(common))) {
                    common = e.getKey();
                    most = e.getValue();
                }
            }
            return common;
        }

        private record Coefficient(double k, List<Power> coef) {
        }

        /**
         * Positive (and zero) terms added, then negative ones subtracted. Without a positive
         * term, the first negative one keeps its sign in its number ({@code (-k C) m}, the
         * negation in the row's coefficient, free) rather than as {@code -(k C m)}, a negation
         * per pair: the same bits (negation and the product's sign are exact, zeros and
         * infinities included), unless the term is {@code -m} alone, which stays a negation.
         */
        private Formula sum(List<Term> terms, int dim) {
            Formula acc = null;
            for (Term t : terms) {
                if (!(t.k() < 0)) {
                    Formula f = term(t, dim);
                    acc = acc == null ? f : Formulas.add(acc, f);
                }
            }
            for (Term t : terms) {
                if (t.k() < 0) {
                    if (acc == null && (t.k() != -1.0 || !t.coef().isEmpty())) {
                        acc = term(t, dim);
                        continue;
                    }
                    Formula f = term(t.times(-1.0), dim);
                    acc = acc == null ? Formulas.neg(f) : Formulas.subKeepingOperands(acc, f);
                }
            }
            return broadcast(acc, dim);
        }

        /**
         * One term: k C m, scalars first (atoms, then the coefficient if it is a scalar), so that
         * vector components see as few multiplications as possible.
         */
        private Formula term(Term t, int dim) {
            Formula c = coefficient(t);
            Formula m = null;
            for (boolean scalars : new boolean[] {true, false}) {
                for (Power p : t.mono()) {
                    if ((p.f().dim() == 1) == scalars) {
                        m = times(m, power(p.f(), p.p()));
                    }
                }
                if ((c.dim() == 1) == scalars && !Formulas.isOne(c)) {
                    m = m == null ? c : Formulas.mulKeepingOperands(c, m);
                }
            }
            return broadcast(m == null ? c : m, dim);
        }

        private static Formula times(Formula a, Formula b) {
            return a == null ? b : Formulas.mulKeepingOperands(a, b);
        }

        /** f^p for p >= 1, by multiplications. */
        private static Formula power(Formula f, int p) {
            Formula r = p >= 2 ? Formulas.square(f) : f;
            for (int i = 2; i < p; i++) {
                r = Formulas.mulKeepingOperands(r, f);
            }
            return r;
        }

        /**
         * k times the product of the invariant factors over the product of the reciprocal ones:
         * one division per row, where {@code c / c} is NaN at c = 0 or infinite, as the formula
         * as written is, and 1 for a subnormal c (which 1/c would overflow).
         */
        private Formula coefficient(Term t) {
            Formula num = Formulas.constant(t.k());
            Formula den = null;
            for (Power p : t.coef()) {
                Formula f = power(p.f(), Math.abs(p.p()));
                if (p.p() > 0) {
                    num = Formulas.mulKeepingOperands(num, f);
                } else {
                    den = times(den, f);
                }
            }
            if (den == null) {
                return num;
            }
            return Formulas.isOne(num) ? Formulas.inv(den) : Formulas.div(num, den);
        }

        private static Formula broadcast(Formula f, int dim) {
            return f.dim() == dim ? f : Formulas.broadcast(f, dim);
        }

        /**
         * Replaces {@code C (a_0 - b_0)^2 + ... + C (a_{D-1} - b_{D-1})^2} (one term per component
         * of a and b, equal coefficients) by {@code C sqdist(a, b)}, and {@code C sum_k a_k^2} by
         * {@code C sqnorm(a)}.
         */
        private List<Term> distances(List<Term> terms) {
            record Key(Formula a, Formula b, double k, List<Power> coef) {
            }
            var groups = new LinkedHashMap<Key, List<Term>>();
            var components = new IdentityHashMap<Term, Integer>();
            for (Term t : terms) {
                if (t.mono().size() != 1 || t.mono().get(0).p() != 2) {
                    continue;
                }
                Formula f = t.mono().get(0).f();
                if (f instanceof Binary d && d.op() == Binary.Op.SUB && d.a() instanceof Select sa
                        && d.b() instanceof Select sb && sa.index() == sb.index() && sa.a().dim() == sb.a().dim()) {
                    groups.computeIfAbsent(new Key(sa.a(), sb.a(), t.k(), t.coef()), k -> new ArrayList<>()).add(t);
                    components.put(t, sa.index());
                } else if (f instanceof Select s) {
                    groups.computeIfAbsent(new Key(s.a(), null, t.k(), t.coef()), k -> new ArrayList<>()).add(t);
                    components.put(t, s.index());
                }
            }
            var replaced = new IdentityHashMap<Term, Term>();
            for (var e : groups.entrySet()) {
                var group = e.getValue();
                int dim = e.getKey().a().dim();
                boolean[] seen = new boolean[dim];
                int distinct = 0;
                for (Term t : group) {
                    int k = components.get(t);
                    if (!seen[k]) {
                        seen[k] = true;
                        distinct++;
                    }
                }
                if (group.size() != dim || distinct != dim) {
                    continue;
                }
                var key = e.getKey();
                Formula whole = key.b() == null ? Formulas.sqnorm(key.a())
                        : distance(key.a(), key.b(), key.a(), key.b());
                rankOf(whole);
                var merged = new Term(key.k(), key.coef(), List.of(new Power(whole, 1)));
                replaced.put(group.get(0), merged);
                for (int i = 1; i < group.size(); i++) {
                    replaced.put(group.get(i), null);
                }
            }
            var out = new ArrayList<Term>();
            for (Term t : terms) {
                if (!replaced.containsKey(t)) {
                    out.add(t);
                } else if (replaced.get(t) != null) {
                    out.add(replaced.get(t));
                }
            }
            return out;
        }
    }
}
