package dev.vellum.examples.order;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reference data an operator keeps: how many euros one unit of a currency is worth, one
 * {@code CODE=RATE} a line in a properties file (e.g. {@code USD=0.92}). The file is read on each
 * lookup, so a rate an operator adds is used by the next retry without a restart.
 */
public final class ExchangeRates {

    private final Path file;

    private ExchangeRates(Path file) {
        this.file = file;
    }

    /** The rates kept in {@code file}, which need not exist yet. */
    public static ExchangeRates in(Path file) {
        return new ExchangeRates(file.toAbsolutePath());
    }

    /** The file the rates are read from. */
    public Path file() {
        return file;
    }

    /**
     * How many euros one unit of {@code currency} is worth.
     *
     * @throws IllegalStateException when the file has no rate for it, saying which line to add
     */
    public BigDecimal euroRate(String currency) {
        String rate = load().getProperty(currency);
        if (rate == null) {
            throw new IllegalStateException("No exchange rate for " + currency + " in " + file + ": add a line "
                    + currency + "=<euros per " + currency + "> (" + currency + "=1.17, say), then retry the parked event");
        }
        try {
            return new BigDecimal(rate.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("The exchange rate of " + currency + " in " + file + " is not a number: '"
                    + rate + "'; write it as " + currency + "=1.17, then retry the parked event", e);
        }
    }

    /** Adds (or replaces) the rate of {@code currency}, as an operator would edit the file. */
    public void put(String currency, BigDecimal euroRate) {
        Properties rates = load();
        rates.setProperty(currency, euroRate.toPlainString());
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            rates.store(writer, "euros per unit of each currency, read by the order-revenue projection");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the exchange rates in " + file, e);
        }
    }

    private Properties load() {
        Properties rates = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                rates.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the exchange rates in " + file, e);
            }
        }
        return rates;
    }
}
