package dev.vellum.examples.cars;

import dev.vellum.integration.EventTranslator;
import dev.vellum.integration.ExternalEvent;
import dev.vellum.store.RecordedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * "Ten internal events from one command must leave the service as one external event": the steps
 * of preparing a car (created, seats coloured, washed) leave as one {@code car.maintenance-done};
 * a sale leaves as {@code car.sold}; nothing else leaves.
 */
public final class CarTranslator implements EventTranslator {

    /**
     * The public shape of a prepared car.
     *
     * @param car the car's id
     * @param model its model
     * @param seatColour its seats' colour
     * @param steps how many internal steps it took
     */
    public record MaintenanceDone(String car, String model, String seatColour, int steps) {
    }

    /** @param car the car's id @param buyer who bought it */
    public record Sold(String car, String buyer) {
    }

    @Override
    public List<ExternalEvent> translate(List<RecordedEvent> append) {
        String car = append.getFirst().stream().value();
        String model = null;
        String colour = null;
        boolean washed = false;
        List<ExternalEvent> external = new ArrayList<>();
        for (RecordedEvent recorded : append) {
            switch (Car.TYPES.deserialize(recorded, Car.Event.class)) {
                case Car.Event.CarCreated c -> model = c.model();
                case Car.Event.SeatsColoured s -> colour = s.colour();
                case Car.Event.CarWashed w -> washed = true;
                case Car.Event.CarSold s -> external.add(ExternalEvent.json("car.sold", car, new Sold(car, s.buyer())));
            }
        }
        if (model != null && colour != null && washed) {
            external.addFirst(ExternalEvent.json("car.maintenance-done", car, new MaintenanceDone(car, model, colour, append.size())));
        }
        return external;
    }
}
