package dev.arca.server.seal;

import dev.arca.server.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A column of values sealed with their vault's data key ({@link Keyring#encrypt}), declared by the feature that
 * writes it, so that the rewrap after a keyring rotation ({@link KeyringRewrap}) can re-encrypt every one under the
 * vault's newest key with the same associated data, knowing nothing of the feature.
 *
 * @param name the column's name in the rewrap's progress ({@code keyring_rewrap.column_name})
 * @param table the table
 * @param column the ciphertext column; rows where it is NULL hold no value
 * @param vaultId a SQL expression giving the row's vault id (a column, or a subquery on another table)
 * @param keys the columns that name one row, in the order the rewrap walks them (its resumable position)
 * @param context further columns the associated data binds
 * @param binding the associated data of a row, exactly as the feature binds it when it encrypts
 */
public record SealedColumn(String name, String table, String column, String vaultId, List<String> keys,
        List<String> context, Binding binding) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    public SealedColumn {
        keys = List.copyOf(keys);
        context = List.copyOf(context);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a sealed column needs the key columns that name its rows");
        }
        for (String identifier : concat(List.of(table, column), keys, context)) {
            if (!IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("not a column or table name: " + identifier);
            }
        }
    }

    /** The associated data of a row. */
    @FunctionalInterface
    public interface Binding {
        byte[] associatedData(String vaultId, Values values);
    }

    /** A row's {@code keys} then {@code context} values, in their declared order. */
    public record Values(List<Object> values) {
        public String text(int index) {
            return (String) values.get(index);
        }

        public int integer(int index) {
            return ((Number) values.get(index)).intValue();
        }
    }

    /** One sealed value: its key (the rewrap's position once done), vault, associated data and ciphertext. */
    record Row(List<Object> key, String vaultId, byte[] associatedData, byte[] ciphertext) {}

    /** Up to {@code limit} rows holding a value after {@code position} (from the first when null), in key order. */
    List<Row> after(Database db, @Nullable List<Object> position, int limit) {
        List<String> selected = concat(keys, context, List.of());
        String sql = "SELECT " + String.join(", ", selected) + ", " + vaultId + " AS sealed_vault_id, " + column
                + " AS sealed_ciphertext FROM " + table + " WHERE " + column + " IS NOT NULL"
                + (position == null ? "" : " AND (" + String.join(", ", keys) + ") > (" + placeholders() + ")")
                + " ORDER BY " + String.join(", ", keys) + " LIMIT :limit";
        return db.read(h -> {
            var query = h.createQuery(sql).bind("limit", limit);
            if (position != null) {
                for (int i = 0; i < keys.size(); i++) {
                    query.bind("p" + i, position.get(i));
                }
            }
            return query.map((rs, ctx) -> {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= selected.size(); i++) {
                    values.add(rs.getObject(i));
                }
                String vault = rs.getString("sealed_vault_id");
                return new Row(List.copyOf(values.subList(0, keys.size())), vault,
                        binding.associatedData(vault, new Values(values)), rs.getBytes("sealed_ciphertext"));
            }).list();
        });
    }

    /** Puts {@code rewrapped} in place of the row's value only if it still holds what was read (compare-and-set). */
    boolean replace(Database db, Row row, byte[] rewrapped) {
        String where = IntStream.range(0, keys.size()).mapToObj(i -> keys.get(i) + " = :p" + i)
                .collect(Collectors.joining(" AND "));
        return db.write(h -> {
            var update = h.createUpdate("UPDATE " + table + " SET " + column + " = :rewrapped WHERE " + where + " AND "
                    + column + " = :read").bind("rewrapped", rewrapped).bind("read", row.ciphertext());
            for (int i = 0; i < keys.size(); i++) {
                update.bind("p" + i, row.key().get(i));
            }
            return update.execute() == 1;
        });
    }

    /** How many rows hold a value now. */
    long count(Database db) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM " + table + " WHERE " + column + " IS NOT NULL")
                .mapTo(Long.class).one());
    }

    private String placeholders() {
        return IntStream.range(0, keys.size()).mapToObj(i -> ":p" + i).collect(Collectors.joining(", "));
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
