namespace AbiKit.Frontend.Resolution
{
    // The named values (constants, enum values, flags, flag-field values) in the source index, for the lint pass.
    public sealed partial class Resolver
    {
        /// <summary>Records where each value is written. Called once the macro checks are done: values' lint findings
        /// (ABI313) follow those checks' diagnostics and precede the C# name checks', where the report has always had them.</summary>
        private void IndexValues()
        {
            int before = _sink.Items.Count;
            foreach (var c in _spec.Constants) _index.AddConstant(c, before);
            foreach (var e in _spec.Enums)
            {
                foreach (var v in e.Values) _index.AddEnumValue(e.Name.Value, v, before);
            }
            foreach (var f in _spec.FlagSets)
            {
                foreach (var v in f.Flags) _index.AddFlag(f.Name.Value, v, before);
                foreach (var field in f.Fields)
                {
                    foreach (var v in field.Values) _index.AddFlagFieldValue(f.Name.Value, field.Name.Value, v, before);
                }
            }
        }
    }
}
