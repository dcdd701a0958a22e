package dev.vellum.examples.cars;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;

/**
 * A car in the workshop, as a decider: preparing a new car records three internal steps in one
 * append (created, seats coloured, washed); selling it records one.
 *
 * @param status where the car stands
 */
public record Car(Status status) {

    /** Where a car stands. */
    public enum Status {
        /** Not in the workshop yet. */
        NONE,
        /** Prepared and ready. */
        READY,
        /** Sold. */
        SOLD
    }

    /** The commands. */
    public sealed interface Command {
        /** @param model the model @param seatColour the colour of the seats */
        record Prepare(String model, String seatColour) implements Command {
        }

        /** @param buyer who bought it */
        record Sell(String buyer) implements Command {
        }
    }

    /** The internal events, in streams {@code car-<id>}. */
    public sealed interface Event {
        /** @param model the model */
        record CarCreated(String model) implements Event {
        }

        /** @param colour the colour */
        record SeatsColoured(String colour) implements Event {
        }

        /** The car was washed. */
        record CarWashed() implements Event {
        }

        /** @param buyer who bought it */
        record CarSold(String buyer) implements Event {
        }
    }

    /** The registry of the internal events. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register("CarCreated", Event.CarCreated.class)
            .register("SeatsColoured", Event.SeatsColoured.class)
            .register("CarWashed", Event.CarWashed.class)
            .register("CarSold", Event.CarSold.class)
            .build();

    /** Its behaviour. */
    public static final Decider<Command, Car, Event> DECIDER = Decider.of(new Car(Status.NONE), Car::decide, Car::evolve);

    static Decision<Event> decide(Command command, Car car) {
        return switch (command) {
            case Command.Prepare p when car.status != Status.NONE -> Decision.reject("car-exists", "the car is prepared already");
            case Command.Prepare p -> Decision.accept(new Event.CarCreated(p.model()), new Event.SeatsColoured(p.seatColour()),
                    new Event.CarWashed());
            case Command.Sell s when car.status != Status.READY -> Decision.reject("car-not-ready", "the car is " + car.status);
            case Command.Sell s -> Decision.accept(new Event.CarSold(s.buyer()));
        };
    }

    static Car evolve(Car car, Event event) {
        return switch (event) {
            case Event.CarCreated c -> car;
            case Event.SeatsColoured s -> car;
            case Event.CarWashed w -> new Car(Status.READY);
            case Event.CarSold s -> new Car(Status.SOLD);
        };
    }
}
