use anchor_lang::prelude::*;
declare_id!("GZXGLP9XL6x5DufMNGM5urLggmbMT4R6M9PACNorUHE5");
#[program]
pub mod atelier {
    use super::*;
    pub fn noop(_ctx: Context<Noop>) -> Result<()> { Ok(()) }
}
#[derive(Accounts)]
pub struct Noop {}
