package dev.vellum.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.serde.TestEvents.Customer;
import dev.vellum.serde.TestEvents.CustomerRegistered;
import dev.vellum.serde.TestEvents.Line;
import dev.vellum.serde.TestEvents.OrderPlaced;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    @Test
    void rejectsTheSameTypeNameTwice() {
        EventTypesBuilder builder = EventTypes.builder().register("OrderPlaced", OrderPlaced.class);

        assertThatThrownBy(() -> builder.register("OrderPlaced", Line.class))
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("'OrderPlaced' is registered twice")
                .hasMessageContaining(OrderPlaced.class.getName())
                .hasMessageContaining(Line.class.getName());
    }

    @Test
    void rejectsTheSameClassTwice() {
        EventTypesBuilder builder = EventTypes.builder().register("OrderPlaced", OrderPlaced.class);

        assertThatThrownBy(() -> builder.register("OrderCreated", OrderPlaced.class))
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining(OrderPlaced.class.getName() + " is registered twice")
                .hasMessageContaining("rename(\"OrderCreated\", \"OrderPlaced\")");
    }

    @Test
    void reportsAMissingLinkInTheUpcasterChainAtBuild() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("CustomerRegistered", 3, CustomerRegistered.class)
                .upcaster("CustomerRegistered", 1, data -> data);

        assertThatThrownBy(builder::build)
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("'CustomerRegistered' is at schema version 3 but has no upcaster from version 2 to 3")
                .hasMessageContaining(".upcaster(\"CustomerRegistered\", 2,")
                .message().doesNotContain("from version 1 to 2");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("CustomerRegistered", 2, CustomerRegistered.class)
                .register("Line", 3, Line.class)
                .upcaster("Line", 2, data -> data);

        assertThatThrownBy(builder::build)
                .hasMessageContaining("'CustomerRegistered' is at schema version 2 but has no upcaster from version 1 to 2")
                .hasMessageContaining("'Line' is at schema version 3 but has no upcaster from version 1 to 2");
    }

    @Test
    void rejectsAnUpcasterForAnUnregisteredType() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Line", Line.class)
                .upcaster("Lin", 1, data -> data);

        assertThatThrownBy(builder::build)
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("upcaster for 'Lin' from version 1, but no type 'Lin' is registered");
    }

    @Test
    void rejectsAnUpcasterFromTheCurrentVersionOrLater() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Line", 2, Line.class)
                .upcaster("Line", 1, data -> data)
                .upcaster("Line", 2, data -> data);

        assertThatThrownBy(builder::build)
                .hasMessageContaining("'Line' has an upcaster from version 2 but is registered at version 2")
                .hasMessageContaining("register it at version 3");
    }

    @Test
    void rejectsTwoUpcastersForOneStep() {
        EventTypesBuilder builder = EventTypes.builder().upcaster("Line", 1, data -> data);

        assertThatThrownBy(() -> builder.upcaster("Line", 1, data -> data))
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("'Line' has two upcasters from version 1");
    }

    @Test
    void rejectsVersionsBelowOne() {
        assertThatThrownBy(() -> EventTypes.builder().register("Line", 0, Line.class))
                .isInstanceOf(EventTypeRegistrationException.class).hasMessageContaining("versions start at 1");
        assertThatThrownBy(() -> EventTypes.builder().upcaster("Line", 0, data -> data))
                .isInstanceOf(EventTypeRegistrationException.class).hasMessageContaining("versions start at 1");
    }

    @Test
    void rejectsATypeNameTheStoreWouldRefuse() {
        assertThatThrownBy(() -> EventTypes.builder().register("Order placed", Line.class))
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("'Order placed'");
        assertThatThrownBy(() -> EventTypes.builder().rename("", "Line"))
                .isInstanceOf(EventTypeRegistrationException.class);
    }

    @Test
    void rejectsARenameToAnUnregisteredTypeAndPointsAtTheCurrentName() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Customer", Customer.class)
                .rename("Client", "Person")
                .rename("Person", "Customer");

        assertThatThrownBy(builder::build)
                .isInstanceOf(EventTypeRegistrationException.class)
                .hasMessageContaining("'Client' is renamed to 'Person', but no type 'Person' is registered:"
                        + " rename it straight to the current name 'Customer'");
    }

    @Test
    void rejectsARenameOfANameThatIsStillRegistered() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Customer", Customer.class)
                .register("Line", Line.class)
                .rename("Line", "Customer");

        assertThatThrownBy(builder::build).hasMessageContaining("'Line' is renamed to 'Customer' but is also registered");
    }

    @Test
    void rejectsRenamingOneOldNameTwice() {
        EventTypesBuilder builder = EventTypes.builder().rename("Client", "Customer");

        assertThatThrownBy(() -> builder.rename("Client", "Line")).hasMessageContaining("'Client' is renamed twice");
    }

    @Test
    void asksForUpcastersUnderTheCurrentNameOfARenamedType() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Customer", 2, Customer.class)
                .upcaster("Client", 1, data -> data)
                .rename("Client", "Customer");

        assertThatThrownBy(builder::build)
                .hasMessageContaining("upcasters for 'Client' must be registered under its current name 'Customer'");
    }

    @Test
    void buildsAValidRegistryMoreThanOnce() {
        EventTypesBuilder builder = EventTypes.builder()
                .register("Customer", 2, Customer.class)
                .upcaster("Customer", 1, data -> data)
                .rename("Client", "Customer");

        assertThatCode(builder::build).doesNotThrowAnyException();
        assertThat(builder.build().isRegistered("Client")).isTrue();
    }
}
