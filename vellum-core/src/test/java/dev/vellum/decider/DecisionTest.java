package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposited;
import dev.vellum.decider.Accounts.Withdrawn;
import dev.vellum.store.Position;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void aDeciderFromThreeFunctionsFoldsEventsInOrder() {
        Account folded = Accounts.DECIDER.fold(Accounts.DECIDER.initialState(),
                List.of(new Deposited(10), new Withdrawn(3), new Deposited(5)));
        assertThat(folded).isEqualTo(new Account(12, 3));
    }

    @Test
    void acceptedEventsAreCopied() {
        List<AccountEvent> events = new ArrayList<>(List.of(new Deposited(1)));
        Decision<AccountEvent> decision = Decision.accept(events);
        events.add(new Deposited(2));
        assertThat(((Decision.Events<AccountEvent>) decision).events()).containsExactly(new Deposited(1));
        assertThat(Decision.<AccountEvent>accept()).isEqualTo(new Decision.Events<AccountEvent>(List.of()));
    }

    @Test
    void aNullEventIsNamed() {
        assertThatThrownBy(() -> Decision.accept(Arrays.asList(new Deposited(1), null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event 1");
    }

    @Test
    void rejectionCodesAreMachineReadable() {
        assertThat(Decision.reject("order.already-confirmed:v1_2", "it was confirmed at 10:00"))
                .isEqualTo(new Decision.Rejection<>("order.already-confirmed:v1_2", "it was confirmed at 10:00"));
        for (String bad : Arrays.asList(null, "", "has space", "é", "x".repeat(Decision.MAX_CODE_LENGTH + 1), "a\nb")) {
            assertThatThrownBy(() -> Decision.reject(bad, "reason"))
                    .as("code %s", bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rejection code");
            assertThatThrownBy(() -> new CommandResult.Rejected<>(bad, "reason"))
                    .as("code %s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Decision.reject("x".repeat(Decision.MAX_CODE_LENGTH), "at the limit")).isNotNull();
    }

    @Test
    void aRejectionNeedsAReason() {
        for (String bad : Arrays.asList(null, "", "  ")) {
            assertThatThrownBy(() -> Decision.reject("code", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
        }
    }

    @Test
    void anAcceptedResultCopiesItsEvents() {
        List<AccountEvent> events = new ArrayList<>(List.of(new Deposited(1)));
        CommandResult.Accepted<AccountEvent> accepted = new CommandResult.Accepted<>(events, 0, Position.of(1));
        events.clear();
        assertThat(accepted.events()).containsExactly(new Deposited(1));
    }
}
