package xmassnu.fits.analysis;

/**
 * Everything the fit stage computes at one grid point, from one model and one set of fits: the CLs limit
 * ({@link CouplingLimit}) and the observation ({@link ObservationPoint}: best fit, 68 % interval, q0, local p-value and
 * significance). The observation reuses the limit's free fit and background-only (POI = 0) fit, so q0 costs nothing;
 * only the interval's few conditional fits are added. Never throws for a bad fit: each part carries its status.
 */
public final class PointAnalysis {
    private PointAnalysis() {}

    public record Result(CouplingLimit.Result limit, ObservationPoint.Result observation) {}

    /**
     * The three results of a signed coupling (the millicharge): each branch (c &gt; 0, c &lt; 0; magnitudes on it) and
     * both together ({@code eitherSign}: the weaker limit on |c|, the signed best fit over both branches, q0 against
     * their common minimum; {@link ObservationPoint#eitherSign}).
     */
    public record BothSigns(Result positive, Result negative, Result eitherSign) {}

    /** The grid point on the inputs' branch; {@code seed} seeds the limit's toys when s.toys() &gt; 0. */
    public static Result compute(AnalysisInputs in, FitSettings s, long seed) {
        CouplingLimit.Fitted f;
        try {
            f = CouplingLimit.Fitted.of(in, s);
        } catch (IllegalArgumentException e) {
            return new Result(CouplingLimit.failed(Double.NaN, e.getMessage(), 0),
                    ObservationPoint.Result.failed(in.couplingSign(), e.getMessage()));
        }
        return new Result(CouplingLimit.limit(f, s, seed), ObservationPoint.of(f.branch(in.couplingSign())));
    }

    /**
     * Both branches of a signed coupling and their combination; the inputs' own sign is ignored. Both branches see
     * the same toys (the same seed).
     */
    public static BothSigns computeBothSigns(AnalysisInputs in, FitSettings s, long seed) {
        if (!in.model().signedCoupling()) {
            throw new IllegalArgumentException(in.model().label() + " has no signed coupling: use compute()");
        }
        CouplingLimit.Fitted plus;
        CouplingLimit.Fitted minus;
        try {
            plus = CouplingLimit.Fitted.of(in.withCouplingSign(1), s);
            minus = CouplingLimit.Fitted.of(in.withCouplingSign(-1), s);
        } catch (IllegalArgumentException e) {
            CouplingLimit.Result l = CouplingLimit.failed(Double.NaN, e.getMessage(), 0);
            return new BothSigns(new Result(l, ObservationPoint.Result.failed(1, e.getMessage())),
                    new Result(l, ObservationPoint.Result.failed(-1, e.getMessage())),
                    new Result(l, ObservationPoint.Result.failed(0, e.getMessage())));
        }
        ObservationPoint.Branch bPlus = plus.branch(1);
        ObservationPoint.Branch bMinus = minus.branch(-1);
        Result positive = new Result(CouplingLimit.limit(plus, s, seed), ObservationPoint.of(bPlus));
        Result negative = new Result(CouplingLimit.limit(minus, s, seed), ObservationPoint.of(bMinus));
        Result either = new Result(CouplingLimit.eitherSign(positive.limit(), negative.limit()),
                ObservationPoint.eitherSign(bPlus, bMinus));
        return new BothSigns(positive, negative, either);
    }
}
