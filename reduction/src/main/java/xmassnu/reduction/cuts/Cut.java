package xmassnu.reduction.cuts;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** A named, versioned cut: an event passes when all its conditions pass. */
public record Cut(String name, int version, String description, List<Condition> conditions) implements Serializable {
    public Cut {
        conditions = List.copyOf(conditions);
        if (name == null || name.isBlank() || conditions.isEmpty()) {
            throw new IllegalArgumentException("a cut needs a name and at least one condition");
        }
    }

    /** Evaluates the cut on one event given as column values (plain Java: for tests and efficiency studies). */
    public boolean passes(Map<String, Double> event) {
        for (Condition c : conditions) {
            if (!event.containsKey(c.column())) {
                throw new IllegalArgumentException("cut " + name + " needs column " + c.column());
            }
            if (!c.passes(event.get(c.column()))) {
                return false;
            }
        }
        return true;
    }
}
