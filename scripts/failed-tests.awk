# Prints each failed test of a .trx file: its name, the first lines of its message and its frames in
# FieldKit.Tests (`./fieldkit test` shows these just above its last line, which is all CI may keep).
function text(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
/<UnitTestResult / && /outcome="Failed"/ {
  match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
  print "FAILED " text(name); inresult = 1; part = ""; shown = 0; next
}
!inresult { next }
/<\/UnitTestResult>/ { inresult = 0; next }
/<Message>/ { part = "message"; shown = 0; sub(/.*<Message>/, "") }
/<StackTrace>/ { part = "stack"; shown = 0; sub(/.*<StackTrace>/, "") }
part == "message" && shown < 12 { line = $0; sub(/<\/Message>.*/, "", line); print "  " text(line); shown++ }
part == "stack" && /FieldKit\.Tests/ && shown < 3 { line = $0; sub(/<\/StackTrace>.*/, "", line); print "  " text(line); shown++ }
/<\/Message>/ || /<\/StackTrace>/ { part = "" }
