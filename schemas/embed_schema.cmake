# Writes a C++ source defining pl::codec::kLedgerSchemaText from the schema.
file(READ ${IN} text)
file(WRITE ${OUT} "// Generated from schemas/ledger.fbs. Do not edit.\nnamespace pl::codec {\nextern const char kLedgerSchemaText[] = R\"PLFBS(${text})PLFBS\";\n}\n")
