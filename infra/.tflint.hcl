# tflint for every Terraform root and module under infra/ (run by infra/test/terraform-static-checks.sh).
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

rule "terraform_documented_variables" { enabled = true }
rule "terraform_documented_outputs" { enabled = true }
rule "terraform_typed_variables" { enabled = true }
rule "terraform_naming_convention" { enabled = true }
rule "terraform_standard_module_structure" { enabled = true }
