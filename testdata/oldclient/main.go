// Command oldclient opens a warehouse read-only with DuckDB 1.1.2 (the
// go-duckdb release that bundles it), the oldest DuckDB an analyst's client
// may carry, and prints the first column of a query's rows: the test that
// a compatible warehouse opens in it (pipeline TestOldClientOpensWarehouse).
// It is a module of its own, so its DuckDB is not linked beside yardstick's.
package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/marcboeker/go-duckdb"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: oldclient WAREHOUSE QUERY")
		os.Exit(2)
	}
	db, err := sql.Open("duckdb", os.Args[1]+"?access_mode=read_only")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	var version string
	if err := db.QueryRow("SELECT version()").Scan(&version); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rows, err := db.Query(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer rows.Close()
	fmt.Println("duckdb", version)
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(v)
	}
	if err := rows.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
