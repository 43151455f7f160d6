package xmassnu.reduction.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The XMASS-I data period as a run list: 20 Nov 2013 - 31 Mar 2016, 711.0 live days of physics runs (daily runs of
 * ~ 24 h wall time, 3-4 % dead time, with maintenance days off), and a 57Co calibration run (5 min live in a 1 h slot) at the
 * start
 * of every 7th day, cycling through z = 0, +20, -20, +30, -30 cm. Deterministic for a seed.
 */
public final class RunPlan {
    public static final Instant PERIOD_START = Instant.parse("2013-11-20T00:00:00Z");
    public static final Instant PERIOD_END = Instant.parse("2016-04-01T00:00:00Z");
    public static final double TOTAL_LIVE_DAYS = 711.0;
    public static final double CALIBRATION_LIVETIME_S = 300.0;
    private static final double[] SOURCE_Z_CM = {0, 20, -20, 30, -30};
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final int FIRST_RUN = 10001;

    private RunPlan() {}

    /** Every run of the period, in time order. */
    public static List<RunInfo> fullPeriod(long seed) {
        long start = PERIOD_START.getEpochSecond() * 1_000_000_000L;
        long end = PERIOD_END.getEpochSecond() * 1_000_000_000L;
        int calendarDays = (int) ((end - start) / DAY_NS);
        StreamRng rng = StreamRng.of(seed, StreamRng.purpose("run-plan"));
        // choose which days have physics data: enough days that ~96.5 % live time of each gives 711 live days
        // (every 7th day loses one hour to calibration; 3 spare days absorb the spread of the live fractions)
        double meanLiveFraction = 0.965 * (1 - 1.0 / (24 * 7));
        int dataDays = (int) Math.ceil(TOTAL_LIVE_DAYS / meanLiveFraction) + 3;
        boolean[] off = new boolean[calendarDays];
        int offDays = calendarDays - dataDays;
        for (int k = 0; k < offDays; ) {
            int d = 1 + rng.nextInt(calendarDays - 1);
            if (!off[d]) {
                off[d] = true;
                k++;
            }
        }
        List<RunInfo> runs = new ArrayList<>();
        int runId = FIRST_RUN;
        double liveSoFar = 0;
        int calibrations = 0;
        double totalS = TOTAL_LIVE_DAYS * 86400.0;
        double periodNs = end - start;
        for (int d = 0; d < calendarDays && liveSoFar < totalS; d++) {
            long dayStart = start + d * DAY_NS;
            long physicsStart = dayStart;
            if (d % 7 == 0) {
                double z = SOURCE_Z_CM[calibrations++ % SOURCE_Z_CM.length];
                long calEnd = dayStart + 3_600_000_000_000L;
                runs.add(run(runId++, RunInfo.CO57, dayStart, calEnd, CALIBRATION_LIVETIME_S, z, start, periodNs));
                physicsStart = calEnd;
            }
            if (off[d]) {
                continue;
            }
            long physicsEnd = dayStart + DAY_NS;
            double wallS = (physicsEnd - physicsStart) * 1e-9;
            double live = wallS * (0.955 + 0.02 * rng.nextDouble());
            live = Math.min(live, totalS - liveSoFar);
            liveSoFar += live;
            runs.add(run(runId++, RunInfo.PHYSICS, physicsStart, physicsEnd, live, null, start, periodNs));
        }
        if (liveSoFar < totalS * (1 - 1e-12)) {
            throw new IllegalStateException("run plan reached only " + liveSoFar / 86400 + " live days");
        }
        return runs;
    }

    private static RunInfo run(int id, String type, long s, long e, double live, Double z, long periodStart,
                               double periodNs) {
        double wall = (e - s) * 1e-9;
        return new RunInfo(id, type, s, e, live, Math.max(0, wall - live), z,
                (s - periodStart) / (365.25 * DAY_NS), (s - periodStart) / periodNs);
    }

    /**
     * The runs covering exactly the first {@code liveDays} of physics live time, with the calibration runs among
     * them. The last physics run is cut short (a partial run: its live time, dead time and end scaled down) so that
     * slices smaller than a day are possible.
     */
    public static List<RunInfo> firstLiveDays(long seed, double liveDays) {
        if (!(liveDays > 0) || liveDays > TOTAL_LIVE_DAYS) {
            throw new IllegalArgumentException("--days must be in (0, " + TOTAL_LIVE_DAYS + "], got " + liveDays);
        }
        List<RunInfo> out = new ArrayList<>();
        double remaining = liveDays * 86400.0;
        for (RunInfo r : fullPeriod(seed)) {
            if (remaining <= 1e-6) {
                break;
            }
            if (r.isCalibration() || r.livetimeS() <= remaining) {
                out.add(r);
                remaining -= r.isCalibration() ? 0 : r.livetimeS();
                continue;
            }
            double f = remaining / r.livetimeS();
            long end = r.startUnixNs() + Math.max(1, Math.round((r.endUnixNs() - r.startUnixNs()) * f));
            out.add(new RunInfo(r.runId(), r.runType(), r.startUnixNs(), end, remaining, r.deadtimeS() * f,
                    r.sourceZCm(), r.yearsSinceStart(), r.periodFraction()));
            remaining = 0;
        }
        return out;
    }

    /** Runs with ids in [first, last]. */
    public static List<RunInfo> runRange(long seed, int first, int last) {
        List<RunInfo> all = fullPeriod(seed);
        int lo = all.get(0).runId();
        int hi = all.get(all.size() - 1).runId();
        if (first > last || first < lo || last > hi) {
            throw new IllegalArgumentException("--runs " + first + "-" + last + " outside the catalog's runs " + lo + "-" + hi);
        }
        return all.stream().filter(r -> r.runId() >= first && r.runId() <= last).toList();
    }
}
